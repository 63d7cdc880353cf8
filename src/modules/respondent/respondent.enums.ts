import { describeEnum } from '../../common/enum';

export enum Sex {
  MALE = 'male',
  FEMALE = 'female',
}
describeEnum(Sex, 'Sex', 'Sex as recorded by the interviewer.', { MALE: 'Male.', FEMALE: 'Female.' });

export enum MaritalStatus {
  SINGLE = 'single',
  MARRIED = 'married',
  COHABITING = 'cohabiting',
  DIVORCED = 'divorced',
  WIDOWED = 'widowed',
  OTHER = 'other',
}
describeEnum(MaritalStatus, 'MaritalStatus', 'Marital status of the respondent.', {
  SINGLE: 'Single.',
  MARRIED: 'Married.',
  COHABITING: 'Living with a partner without being married.',
  DIVORCED: 'Divorced or separated.',
  WIDOWED: 'Widowed.',
  OTHER: 'Other.',
});

export enum EducationLevel {
  NONE = 'none',
  PRIMARY = 'primary',
  SECONDARY = 'secondary',
  TECHNICAL = 'technical',
  UNIVERSITY = 'university',
  POSTGRADUATE = 'postgraduate',
}
describeEnum(EducationLevel, 'EducationLevel', 'Highest level of education completed.', {
  NONE: 'No formal education.',
  PRIMARY: 'Primary.',
  SECONDARY: 'Secondary.',
  TECHNICAL: 'Higher technical education.',
  UNIVERSITY: 'University degree.',
  POSTGRADUATE: 'Postgraduate degree.',
});

export enum ReasonForLeaving {
  ECONOMIC = 'economic',
  LACK_OF_WORK = 'lack_of_work',
  INSECURITY = 'insecurity',
  FOOD_MEDICINE = 'food_medicine',
  FAMILY_REUNIFICATION = 'family_reunification',
  HEALTH = 'health',
  OTHER = 'other',
}
describeEnum(ReasonForLeaving, 'ReasonForLeaving', 'Main reason for leaving Venezuela.', {
  ECONOMIC: 'Economic reasons.',
  LACK_OF_WORK: 'Lack of work.',
  INSECURITY: 'Insecurity or violence.',
  FOOD_MEDICINE: 'Lack of food or medicine.',
  FAMILY_REUNIFICATION: 'To join family.',
  HEALTH: 'Health, access to medical care.',
  OTHER: 'Other reason.',
});

export enum DocumentUsed {
  NATIONAL_ID = 'national_id',
  PASSPORT = 'passport',
  ANDEAN_MIGRATION_CARD = 'andean_migration_card',
  OTHER = 'other',
  NONE = 'none',
}
describeEnum(DocumentUsed, 'DocumentUsed', 'Document used to cross the border.', {
  NATIONAL_ID: 'Venezuelan national identity card (cédula).',
  PASSPORT: 'Passport.',
  ANDEAN_MIGRATION_CARD: 'Andean migration card (TAM).',
  OTHER: 'Another document.',
  NONE: 'No document.',
});

export enum PtpStatus {
  HAS_PTP = 'has_ptp',
  IN_PROCESS = 'in_process',
  WILL_APPLY = 'will_apply',
  NOT_APPLYING = 'not_applying',
  ASYLUM_SEEKER = 'asylum_seeker',
}
describeEnum(PtpStatus, 'PtpStatus', 'Situation regarding the Temporary Permit of Permanence (PTP) in Peru.', {
  HAS_PTP: 'Holds a PTP.',
  IN_PROCESS: 'Has applied; the PTP is in process.',
  WILL_APPLY: 'Intends to apply.',
  NOT_APPLYING: 'Does not intend to apply.',
  ASYLUM_SEEKER: 'Has applied for or intends to apply for asylum instead.',
});

export enum DiscriminationReason {
  NATIONALITY = 'nationality',
  SEX = 'sex',
  AGE = 'age',
  OTHER = 'other',
}
describeEnum(DiscriminationReason, 'DiscriminationReason', 'Perceived reason for discrimination.', {
  NATIONALITY: 'Nationality.',
  SEX: 'Sex.',
  AGE: 'Age.',
  OTHER: 'Other reason.',
});

export enum ViolenceType {
  VERBAL = 'verbal',
  PHYSICAL = 'physical',
  SEXUAL = 'sexual',
  ROBBERY = 'robbery',
  OTHER = 'other',
}
describeEnum(ViolenceType, 'ViolenceType', 'Type of violence suffered on the route (multi-select).', {
  VERBAL: 'Verbal aggression or insults.',
  PHYSICAL: 'Physical aggression.',
  SEXUAL: 'Sexual violence.',
  ROBBERY: 'Robbery.',
  OTHER: 'Other violence.',
});

/** The multi-select questions, stored one row per selected code in `respondent_choice`. */
export enum ChoiceQuestion {
  TRANSIT_COUNTRY = 'transit_country',
  VIOLENCE_TYPE = 'violence_type',
}
