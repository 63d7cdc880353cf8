import { CAREGIVER, CHILD_STATUS, SCHOOL_LEVEL, SEX } from './code-lists';
import { bandLowerBounds, type Band, type Question } from './question';
import { text } from './text';

const CHILD_UNIT = ['child'] as const;

/** The age bands of children (the AGE_BAND dimension in childStats). */
const CHILD_AGE_BANDS: readonly Band[] = [
  { code: '0-5', max: 5, label: text('0-5 years', '0-5 años') },
  { code: '6-11', min: 6, max: 11, label: text('6-11 years', '6-11 años') },
  { code: '12-17', min: 12, label: text('12-17 years', '12-17 años') },
];
/**
 * The start of initial education: the public classes of a child's age split the 0-5 band here
 * (0-2, 3-5), because the published schooling figures count children from 3.
 */
const INITIAL_EDUCATION_AGE = 3;

/** The children sheet (with UNICEF): children travelling with the respondent or left in Venezuela. */
export const CHILD_QUESTIONS = [
  {
    sheet: 'children',
    column: 'child_id',
    dbColumn: 'id',
    answer: { kind: 'id' },
    required: true,
    label: text('Child id', 'Id del niño, niña o adolescente'),
  },
  {
    sheet: 'children',
    column: 'household_id',
    dbColumn: 'household_id',
    answer: { kind: 'ref', sheet: 'households' },
    required: true,
    label: text('Household id', 'Id del hogar'),
  },
  {
    sheet: 'children',
    column: 'status',
    dbColumn: 'status',
    field: 'status',
    answer: { kind: 'enum', list: CHILD_STATUS, length: 20 },
    required: true,
    label: text('Child status', 'Situación del niño, niña o adolescente'),
    description: 'Travelling with the respondent or left in Venezuela.',
    filters: [{ match: 'equal', field: 'status', description: 'Travelling or left in Venezuela.' }],
    dimensions: [
      {
        name: 'CHILD_STATUS',
        description: 'Whether the child travels with the respondent or stayed in Venezuela (childStats only).',
        hxl: '#respondee+child_status',
      },
    ],
  },
  {
    sheet: 'children',
    column: 'sex',
    dbColumn: 'sex',
    field: 'sex',
    answer: { kind: 'enum', list: SEX, length: 10 },
    required: true,
    label: text('Sex', 'Sexo'),
    description: 'Sex.',
    filters: [{ match: 'equal', field: 'sex', description: 'Sex of the child.' }],
    dimensions: [{ name: 'SEX', units: CHILD_UNIT }],
  },
  {
    sheet: 'children',
    column: 'age',
    dbColumn: 'age',
    field: 'age',
    answer: { kind: 'integer', min: 0, max: 17 },
    required: true,
    label: text('Age', 'Edad'),
    description: 'Age in years (0-17).',
    filters: [
      {
        match: 'range',
        field: 'age',
        min: 0,
        max: 17,
        noun: 'age in years',
        classes: {
          lowerBounds: [...bandLowerBounds(CHILD_AGE_BANDS, 0), INITIAL_EDUCATION_AGE].sort((a, b) => a - b),
          dimension: 'AGE_BAND',
          reportingRanges: [[INITIAL_EDUCATION_AGE, 17]],
        },
      },
    ],
    dimensions: [
      {
        name: 'AGE_BAND',
        units: CHILD_UNIT,
        bands: CHILD_AGE_BANDS,
      },
    ],
    measure: { name: 'AGE', units: CHILD_UNIT },
  },
  {
    sheet: 'children',
    column: 'school_level',
    dbColumn: 'school_level',
    field: 'schoolLevel',
    answer: { kind: 'enum', list: SCHOOL_LEVEL, length: 20 },
    required: false,
    label: text('School level', 'Nivel escolar'),
    description: 'Last school level attended in Venezuela.',
    filters: [{ match: 'equal', field: 'schoolLevel', description: 'Last school level attended in Venezuela.' }],
    dimensions: [
      { name: 'SCHOOL_LEVEL', description: 'Last school level the child attended in Venezuela (childStats only).', hxl: '#respondee+school_level' },
    ],
  },
  {
    sheet: 'children',
    column: 'attending_school',
    dbColumn: 'attending_school',
    field: 'attendingSchool',
    answer: { kind: 'yes-no' },
    required: false,
    label: text('Attending school', 'Asiste a la escuela'),
    description: 'Attending school now.',
    filters: [{ match: 'equal', field: 'attendingSchool', description: 'Attending school now.' }],
    dimensions: [
      { name: 'ATTENDING_SCHOOL', description: 'Whether the child attends school now (yes/no; childStats only).', hxl: '#respondee+attending_school' },
    ],
  },
  {
    sheet: 'children',
    column: 'emotional_changes',
    dbColumn: 'emotional_changes',
    field: 'emotionalChanges',
    answer: { kind: 'yes-no' },
    required: false,
    label: text('Strong emotional changes', 'Cambios emocionales fuertes'),
    description: 'Strong emotional changes observed (fear of getting lost, appetite changes, headaches, crying).',
    filters: [{ match: 'equal', field: 'emotionalChanges', description: 'Strong emotional changes observed.' }],
    dimensions: [
      {
        name: 'EMOTIONAL_CHANGES',
        description: 'Whether strong emotional changes were observed in the child (yes/no; childStats only).',
        hxl: '#respondee+emotional_changes',
      },
    ],
  },
  {
    sheet: 'children',
    column: 'caregiver',
    dbColumn: 'caregiver',
    field: 'caregiver',
    answer: { kind: 'enum', list: CAREGIVER, length: 20 },
    required: false,
    onlyWhen: { column: 'status', equals: 'left_in_venezuela' },
    label: text('Caregiver', 'Cuidador/a'),
    description: 'Who cares for the child; only for children left in Venezuela.',
    filters: [{ match: 'equal', field: 'caregiver', description: 'Caregiver of a child left in Venezuela.' }],
    dimensions: [{ name: 'CAREGIVER', description: 'Who cares for a child left in Venezuela (childStats only).', hxl: '#respondee+caregiver' }],
  },
] as const satisfies readonly Question[];
