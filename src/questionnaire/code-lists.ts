import { codeList, type CodeList } from './code-list';
import { text } from './text';

/*
 * The closed answer lists of the questionnaire, in English and Spanish. Spanish follows the terms
 * of the DTM Peru flow-monitoring reports (OIM, "Monitoreo de flujo de la población venezolana en
 * el Perú"). GraphQL enum values are the keys; stored codes are the `code`s.
 */

export const SEX = codeList('Sex', text('Sex as recorded by the interviewer.', 'Sexo registrado por el encuestador.'), {
  MALE: { code: 'male', label: text('Male', 'Hombre') },
  FEMALE: { code: 'female', label: text('Female', 'Mujer') },
});

export const MARITAL_STATUS = codeList('MaritalStatus', text('Marital status of the respondent.', 'Estado civil de la persona encuestada.'), {
  SINGLE: { code: 'single', label: text('Single', 'Soltero/a') },
  MARRIED: { code: 'married', label: text('Married', 'Casado/a') },
  COHABITING: {
    code: 'cohabiting',
    label: text('Cohabiting', 'Conviviente'),
    description: text('Living with a partner without being married.', 'Vive en pareja sin estar casado/a.'),
  },
  DIVORCED: { code: 'divorced', label: text('Divorced or separated', 'Divorciado/a o separado/a') },
  WIDOWED: { code: 'widowed', label: text('Widowed', 'Viudo/a') },
  OTHER: { code: 'other', label: text('Other', 'Otro') },
});

export const EDUCATION_LEVEL = codeList('EducationLevel', text('Highest level of education completed.', 'Máximo nivel educativo alcanzado.'), {
  NONE: { code: 'none', label: text('No formal education', 'Sin educación formal') },
  PRIMARY: { code: 'primary', label: text('Primary', 'Primaria') },
  SECONDARY: { code: 'secondary', label: text('Secondary', 'Secundaria') },
  TECHNICAL: {
    code: 'technical',
    label: text('Technical', 'Técnico superior'),
    description: text('Higher technical education.', 'Educación técnica superior.'),
  },
  UNIVERSITY: {
    code: 'university',
    label: text('University', 'Universitario'),
    description: text('University degree.', 'Título universitario.'),
  },
  POSTGRADUATE: {
    code: 'postgraduate',
    label: text('Postgraduate', 'Posgrado'),
    description: text('Postgraduate degree.', 'Título de posgrado.'),
  },
});

export const REASON_FOR_LEAVING = codeList('ReasonForLeaving', text('Main reason for leaving Venezuela.', 'Motivo principal de salida de Venezuela.'), {
  ECONOMIC: { code: 'economic', label: text('Economic reasons', 'Razones económicas') },
  LACK_OF_WORK: { code: 'lack_of_work', label: text('Lack of work', 'Falta de trabajo') },
  INSECURITY: { code: 'insecurity', label: text('Insecurity or violence', 'Inseguridad o violencia') },
  FOOD_MEDICINE: { code: 'food_medicine', label: text('Lack of food or medicine', 'Falta de alimentos o medicinas') },
  // Was "To join family." in Sandbox and "Family reunification" in stats answers: one label now.
  FAMILY_REUNIFICATION: { code: 'family_reunification', label: text('Family reunification', 'Reunificación familiar') },
  HEALTH: {
    code: 'health',
    label: text('Health', 'Salud'),
    description: text('Health, access to medical care.', 'Salud, acceso a atención médica.'),
  },
  OTHER: { code: 'other', label: text('Other', 'Otro'), description: text('Other reason.', 'Otro motivo.') },
});

export const DOCUMENT_USED = codeList('DocumentUsed', text('Document used to cross the border.', 'Documento utilizado para cruzar la frontera.'), {
  NATIONAL_ID: {
    code: 'national_id',
    label: text('National identity card', 'Cédula de identidad'),
    description: text('Venezuelan national identity card (cédula).', 'Cédula de identidad venezolana.'),
  },
  PASSPORT: { code: 'passport', label: text('Passport', 'Pasaporte') },
  ANDEAN_MIGRATION_CARD: {
    code: 'andean_migration_card',
    label: text('Andean migration card', 'Tarjeta Andina de Migración'),
    description: text('Andean migration card (TAM).', 'Tarjeta Andina de Migración (TAM).'),
  },
  OTHER: { code: 'other', label: text('Other document', 'Otro documento'), description: text('Another document.', 'Otro documento.') },
  NONE: { code: 'none', label: text('No document', 'Ningún documento') },
});

export const PTP_STATUS = codeList(
  'PtpStatus',
  text(
    'Situation regarding the Temporary Permit of Permanence (PTP) in Peru.',
    'Situación respecto del Permiso Temporal de Permanencia (PTP) en el Perú.',
  ),
  {
    HAS_PTP: { code: 'has_ptp', label: text('Holds a PTP', 'Tiene PTP'), description: text('Holds a PTP.', 'Tiene el PTP.') },
    IN_PROCESS: {
      code: 'in_process',
      label: text('PTP in process', 'PTP en trámite'),
      description: text('Has applied; the PTP is in process.', 'Lo solicitó; el PTP está en trámite.'),
    },
    WILL_APPLY: {
      code: 'will_apply',
      label: text('Will apply', 'Lo solicitará'),
      description: text('Intends to apply.', 'Tiene intención de solicitarlo.'),
    },
    NOT_APPLYING: {
      code: 'not_applying',
      label: text('Not applying', 'No lo solicitará'),
      description: text('Does not intend to apply.', 'No tiene intención de solicitarlo.'),
    },
    ASYLUM_SEEKER: {
      code: 'asylum_seeker',
      label: text('Asylum seeker', 'Solicitante de refugio'),
      description: text('Has applied for or intends to apply for asylum instead.', 'Solicitó o solicitará refugio en su lugar.'),
    },
  },
);

export const DISCRIMINATION_REASON = codeList('DiscriminationReason', text('Perceived reason for discrimination.', 'Motivo percibido de la discriminación.'), {
  NATIONALITY: { code: 'nationality', label: text('Nationality', 'Nacionalidad') },
  SEX: { code: 'sex', label: text('Sex', 'Sexo') },
  AGE: { code: 'age', label: text('Age', 'Edad') },
  OTHER: { code: 'other', label: text('Other', 'Otro'), description: text('Other reason.', 'Otro motivo.') },
});

export const VIOLENCE_TYPE = codeList(
  'ViolenceType',
  text('Type of violence suffered on the route (multi-select).', 'Tipo de violencia sufrida en el trayecto (respuesta múltiple).'),
  {
    VERBAL: {
      code: 'verbal',
      label: text('Verbal', 'Verbal'),
      description: text('Verbal aggression or insults.', 'Agresión verbal o insultos.'),
    },
    PHYSICAL: { code: 'physical', label: text('Physical', 'Física'), description: text('Physical aggression.', 'Agresión física.') },
    SEXUAL: { code: 'sexual', label: text('Sexual', 'Sexual'), description: text('Sexual violence.', 'Violencia sexual.') },
    ROBBERY: { code: 'robbery', label: text('Robbery', 'Robo') },
    OTHER: { code: 'other', label: text('Other', 'Otra'), description: text('Other violence.', 'Otra violencia.') },
  },
);

export const MAIN_NEED = codeList(
  'MainNeed',
  text('Main needs reported at the survey point (multi-select).', 'Necesidades principales reportadas en el punto de monitoreo (respuesta múltiple).'),
  {
    FOOD: { code: 'food', label: text('Food', 'Alimentación') },
    SHELTER: { code: 'shelter', label: text('Shelter', 'Alojamiento') },
    HEALTH: { code: 'health', label: text('Health', 'Salud'), description: text('Health care.', 'Atención de salud.') },
    WORK: { code: 'work', label: text('Work', 'Empleo'), description: text('Work, a source of income.', 'Empleo, una fuente de ingresos.') },
    DOCUMENTATION: {
      code: 'documentation',
      label: text('Documentation', 'Documentación'),
      description: text('Documents: identity, migratory status, permits.', 'Documentos: identidad, situación migratoria, permisos.'),
    },
    INFORMATION: { code: 'information', label: text('Information', 'Información') },
    TRANSPORT: { code: 'transport', label: text('Transport', 'Transporte') },
    OTHER: { code: 'other', label: text('Other', 'Otra'), description: text('Another need.', 'Otra necesidad.') },
  },
);

export const CHILD_STATUS = codeList(
  'ChildStatus',
  text('Whether the child travels with the respondent or stayed in Venezuela.', 'Si el niño, niña o adolescente viaja con la persona encuestada o se quedó en Venezuela.'),
  {
    TRAVELLING: {
      code: 'travelling',
      label: text('Travelling', 'Viaja'),
      description: text('Travelling with the respondent.', 'Viaja con la persona encuestada.'),
    },
    LEFT_IN_VENEZUELA: {
      code: 'left_in_venezuela',
      label: text('Left in Venezuela', 'Se quedó en Venezuela'),
      description: text('Stayed in Venezuela.', 'Se quedó en Venezuela.'),
    },
  },
);

export const SCHOOL_LEVEL = codeList('SchoolLevel', text('Last school level attended in Venezuela.', 'Último nivel escolar cursado en Venezuela.'), {
  NONE: {
    code: 'none',
    label: text('Never attended', 'Nunca asistió'),
    description: text('Never attended school.', 'Nunca asistió a la escuela.'),
  },
  INITIAL: {
    code: 'initial',
    label: text('Initial', 'Inicial'),
    description: text('Initial (pre-school) education.', 'Educación inicial (preescolar).'),
  },
  PRIMARY: { code: 'primary', label: text('Primary', 'Primaria'), description: text('Primary education.', 'Educación primaria.') },
  SECONDARY: { code: 'secondary', label: text('Secondary', 'Secundaria'), description: text('Secondary education.', 'Educación secundaria.') },
});

export const CAREGIVER = codeList('Caregiver', text('Who cares for a child left in Venezuela.', 'Quién cuida al niño, niña o adolescente que se quedó en Venezuela.'), {
  MOTHER: { code: 'mother', label: text('Mother', 'Madre'), description: text('The mother.', 'La madre.') },
  FATHER: { code: 'father', label: text('Father', 'Padre'), description: text('The father.', 'El padre.') },
  GRANDPARENT: { code: 'grandparent', label: text('Grandparent', 'Abuelo/a'), description: text('A grandparent.', 'Un abuelo o abuela.') },
  OTHER_RELATIVE: {
    code: 'other_relative',
    label: text('Other relative', 'Otro familiar'),
    description: text('Another relative.', 'Otro familiar.'),
  },
  NON_RELATIVE: {
    code: 'non_relative',
    label: text('Not a relative', 'No familiar'),
    description: text('Someone who is not a relative.', 'Alguien que no es familiar.'),
  },
  NONE: { code: 'none', label: text('Nobody', 'Nadie') },
});

/** Not a question: the direction of the flow at a survey point (round.json), a stats dimension too. */
export const DIRECTION = codeList('Direction', text('Direction of the flow observed at a survey point.', 'Dirección del flujo observado en un punto de monitoreo.'), {
  ENTRY: { code: 'entry', label: text('Entry', 'Entrada'), description: text('People entering the country.', 'Personas que ingresan al país.') },
  EXIT: { code: 'exit', label: text('Exit', 'Salida'), description: text('People leaving the country.', 'Personas que salen del país.') },
  BOTH: {
    code: 'both',
    label: text('Both directions', 'Ambas direcciones'),
    description: text('Both directions, or people settled in the city.', 'Ambas direcciones, o personas asentadas en la ciudad.'),
  },
});

/** Every code list, for checks and docs. */
export const CODE_LISTS: readonly CodeList[] = [SEX, MARITAL_STATUS, EDUCATION_LEVEL, REASON_FOR_LEAVING, DOCUMENT_USED, PTP_STATUS, DISCRIMINATION_REASON, VIOLENCE_TYPE, MAIN_NEED, CHILD_STATUS, SCHOOL_LEVEL, CAREGIVER, DIRECTION];
