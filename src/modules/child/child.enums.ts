import { describeEnum } from '../../common/enum';

export enum ChildStatus {
  TRAVELLING = 'travelling',
  LEFT_IN_VENEZUELA = 'left_in_venezuela',
}
describeEnum(ChildStatus, 'ChildStatus', 'Whether the child travels with the respondent or stayed in Venezuela.', {
  TRAVELLING: 'Travelling with the respondent.',
  LEFT_IN_VENEZUELA: 'Stayed in Venezuela.',
});

export enum SchoolLevel {
  NONE = 'none',
  INITIAL = 'initial',
  PRIMARY = 'primary',
  SECONDARY = 'secondary',
}
describeEnum(SchoolLevel, 'SchoolLevel', 'Last school level attended in Venezuela.', {
  NONE: 'Never attended school.',
  INITIAL: 'Initial (pre-school) education.',
  PRIMARY: 'Primary education.',
  SECONDARY: 'Secondary education.',
});

export enum Caregiver {
  MOTHER = 'mother',
  FATHER = 'father',
  GRANDPARENT = 'grandparent',
  OTHER_RELATIVE = 'other_relative',
  NON_RELATIVE = 'non_relative',
  NONE = 'none',
}
describeEnum(Caregiver, 'Caregiver', 'Who cares for a child left in Venezuela.', {
  MOTHER: 'The mother.',
  FATHER: 'The father.',
  GRANDPARENT: 'A grandparent.',
  OTHER_RELATIVE: 'Another relative.',
  NON_RELATIVE: 'Someone who is not a relative.',
  NONE: 'Nobody.',
});
