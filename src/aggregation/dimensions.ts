import { registerEnumType } from 'type-graphql';
import { Caregiver, ChildStatus, SchoolLevel } from '../modules/child/child.enums';
import {
  ChoiceQuestion,
  DiscriminationReason,
  DocumentUsed,
  EducationLevel,
  MaritalStatus,
  PtpStatus,
  ReasonForLeaving,
  Sex,
  ViolenceType,
} from '../modules/respondent/respondent.enums';
import { Direction } from '../modules/survey-point/survey-point.enums';
import { ALL_UNITS, Join, JOINS, StatsUnit } from './units';

/**
 * One entry per dimension a stats query can group by: its GraphQL enum value (`name`), the SQL
 * expression of its code, where the code's label comes from, its HXL tag and the units it applies
 * to. Adding a dimension is adding one entry here; the SQL builder, the GraphQL enum, the CSV
 * export and the docs all read this list.
 *
 * SQL expressions use the aliases of the units' FROM clauses (`r` respondent, `h` household,
 * `c` child) and of the joins they declare. They contain no user values: filters are bound
 * parameters added by the WhereBuilder.
 */
export interface DimensionDef {
  name: string;
  /** Human name of the dimension: CSV header, docs. */
  label: string;
  /** GraphQL description of the enum value. */
  description: string;
  /** HXL hashtag of the code column in CSV exports (the label column adds +name). */
  hxl: string;
  /** SQL of the code: one expression for every unit it applies to, or one per unit. */
  sql: string | Partial<Record<StatsUnit, string>>;
  /** Units the dimension applies to when `sql` is one expression (default: all three). */
  units?: readonly StatsUnit[];
  joins?: readonly Join[];
  /** Labels of the codes, in display order (closed code lists). */
  labels?: Readonly<Record<string, string>>;
  /** SQL of the label of a code, when the codes are open (places, countries). */
  labelSql?: string;
  /** Multi-select: a unit counts once in every option it selected. */
  multiSelect?: boolean;
}

type Labels<E extends Record<string, string>> = { readonly [K in E[keyof E]]: string };
const labels = <E extends Record<string, string>>(_e: E, l: Labels<E>): Readonly<Record<string, string>> => l;

const YES_NO = { yes: 'Yes', no: 'No' } as const;
/** A yes/no column as the codes `yes`/`no` (booleans are 1/0 on SQLite and true/false on PostgreSQL; both read as conditions). */
const yesNo = (column: string) => `CASE WHEN ${column} THEN 'yes' WHEN NOT ${column} THEN 'no' END`;
const location = (alias: string, pcodeSql: string): Join => ({ alias, sql: `LEFT JOIN location ${alias} ON ${alias}.pcode = ${pcodeSql}` });
const choice = (alias: string, question: ChoiceQuestion): Join => ({
  alias,
  sql: `LEFT JOIN respondent_choice ${alias} ON ${alias}.respondent_id = r.id AND ${alias}.question = '${question}'`,
});

const RESPONDENT_AGE_BAND =
  "CASE WHEN r.age < 25 THEN '18-24' WHEN r.age < 35 THEN '25-34' WHEN r.age < 45 THEN '35-44' WHEN r.age < 60 THEN '45-59' ELSE '60+' END";
const CHILD_AGE_BAND = "CASE WHEN c.age < 6 THEN '0-5' WHEN c.age < 12 THEN '6-11' ELSE '12-17' END";
const HOUSEHOLD_UNITS = [StatsUnit.RESPONDENT, StatsUnit.HOUSEHOLD, StatsUnit.CHILD] as const;
const CHILD_ONLY = [StatsUnit.CHILD] as const;

const DIMENSION_LIST = [
  {
    name: 'COUNTRY',
    label: 'Country of the operation',
    description: 'Country of the operation (ISO3 code), e.g. `PER`.',
    hxl: '#country+code',
    sql: 'ro.country',
    joins: [JOINS.round, location('lco', 'ro.country')],
    labelSql: 'lco.name',
  },
  {
    name: 'ROUND',
    label: 'Round',
    description: 'Round of the survey; code = round id, e.g. `PER-4`.',
    hxl: '#meta+round+code',
    sql: 'r.round_id',
    joins: [JOINS.round],
    labelSql: "ro.country || ' round ' || CAST(ro.number AS VARCHAR(10))",
  },
  {
    name: 'INTERVIEW_MONTH',
    label: 'Month of the interview',
    description: 'Month of the interview, `YYYY-MM`.',
    hxl: '#date+reported',
    sql: 'SUBSTR(CAST(r.interview_date AS VARCHAR(10)), 1, 7)',
  },
  {
    name: 'SURVEY_POINT',
    label: 'Survey point',
    description: 'Survey point where the respondent was interviewed; code = point code, e.g. `cebaf_tumbes` (the same code in several rounds is one group).',
    hxl: '#loc+code',
    sql: 'sp.code',
    joins: [JOINS.surveyPoint],
    labelSql: 'sp.name',
  },
  {
    name: 'SURVEY_POINT_REGION',
    label: 'Department of the survey point',
    description: 'Admin-1 area (p-code, e.g. `PE24` Tumbes) of the survey point.',
    hxl: '#adm1+code',
    sql: 'sp.admin1_pcode',
    joins: [JOINS.surveyPoint, location('lsp', 'sp.admin1_pcode')],
    labelSql: 'lsp.name',
  },
  {
    name: 'DIRECTION',
    label: 'Direction of the flow',
    description: 'Direction of the flow observed at the survey point (entry, exit, both).',
    hxl: '#loc+direction',
    sql: 'sp.direction',
    joins: [JOINS.surveyPoint],
    labels: labels(Direction, { entry: 'Entry', exit: 'Exit', both: 'Both directions' }),
  },
  {
    name: 'SEX',
    label: 'Sex',
    description: 'Sex of the person counted: the respondent in respondentStats and householdStats, the child in childStats.',
    hxl: '#respondee+sex',
    sql: { [StatsUnit.RESPONDENT]: 'r.sex', [StatsUnit.HOUSEHOLD]: 'r.sex', [StatsUnit.CHILD]: 'c.sex' },
    labels: labels(Sex, { male: 'Male', female: 'Female' }),
  },
  {
    name: 'AGE_BAND',
    label: 'Age band',
    description:
      'Age band of the person counted: respondents (respondentStats, householdStats) 18-24, 25-34, 35-44, 45-59, 60+; children (childStats) 0-5, 6-11, 12-17.',
    hxl: '#respondee+age+band',
    sql: { [StatsUnit.RESPONDENT]: RESPONDENT_AGE_BAND, [StatsUnit.HOUSEHOLD]: RESPONDENT_AGE_BAND, [StatsUnit.CHILD]: CHILD_AGE_BAND },
    labels: {
      '0-5': '0-5 years',
      '6-11': '6-11 years',
      '12-17': '12-17 years',
      '18-24': '18-24 years',
      '25-34': '25-34 years',
      '35-44': '35-44 years',
      '45-59': '45-59 years',
      '60+': '60 years or more',
    },
  },
  {
    name: 'NATIONALITY',
    label: 'Nationality',
    description: 'Nationality of the respondent (ISO3 code).',
    hxl: '#country+code+nationality',
    sql: 'r.nationality',
    joins: [location('lna', 'r.nationality')],
    labelSql: 'lna.name',
  },
  {
    name: 'MARITAL_STATUS',
    label: 'Marital status',
    description: 'Marital status of the respondent.',
    hxl: '#respondee+marital_status',
    sql: 'r.marital_status',
    labels: labels(MaritalStatus, {
      single: 'Single',
      married: 'Married',
      cohabiting: 'Cohabiting',
      divorced: 'Divorced or separated',
      widowed: 'Widowed',
      other: 'Other',
    }),
  },
  {
    name: 'EDUCATION',
    label: 'Education level',
    description: 'Highest education level completed by the respondent.',
    hxl: '#respondee+education',
    sql: 'r.education_level',
    labels: labels(EducationLevel, {
      none: 'No formal education',
      primary: 'Primary',
      secondary: 'Secondary',
      technical: 'Technical',
      university: 'University',
      postgraduate: 'Postgraduate',
    }),
  },
  {
    name: 'ORIGIN_STATE',
    label: 'State of origin',
    description: 'Venezuelan state of origin of the respondent (admin-1 p-code, e.g. `VE20`).',
    hxl: '#adm1+code+origin',
    sql: 'r.origin_state_pcode',
    joins: [location('los', 'r.origin_state_pcode')],
    labelSql: 'los.name',
  },
  {
    name: 'EMPLOYED_BEFORE_LEAVING',
    label: 'Employed before leaving',
    description: 'Whether the respondent had work before leaving Venezuela (yes/no).',
    hxl: '#respondee+employed_before',
    sql: yesNo('r.employed_before_leaving'),
    labels: YES_NO,
  },
  {
    name: 'REASON_FOR_LEAVING',
    label: 'Reason for leaving',
    description: 'Main reason for leaving Venezuela.',
    hxl: '#cause+code',
    sql: 'r.reason_for_leaving',
    labels: labels(ReasonForLeaving, {
      economic: 'Economic reasons',
      lack_of_work: 'Lack of work',
      insecurity: 'Insecurity or violence',
      food_medicine: 'Lack of food or medicine',
      family_reunification: 'Family reunification',
      health: 'Health',
      other: 'Other',
    }),
  },
  {
    name: 'TRANSIT_COUNTRY',
    label: 'Transit country',
    description: 'Country crossed on the way (multi-select: a respondent counts once in every country they crossed).',
    hxl: '#country+code+transit',
    sql: 'tc.code',
    joins: [choice('tc', ChoiceQuestion.TRANSIT_COUNTRY), location('ltc', 'tc.code')],
    labelSql: 'ltc.name',
    multiSelect: true,
  },
  {
    name: 'DOCUMENT_USED',
    label: 'Document used',
    description: 'Document used to cross the border.',
    hxl: '#respondee+document',
    sql: 'r.document_used',
    labels: labels(DocumentUsed, {
      national_id: 'National identity card',
      passport: 'Passport',
      andean_migration_card: 'Andean migration card',
      other: 'Other document',
      none: 'No document',
    }),
  },
  {
    name: 'PTP_STATUS',
    label: 'PTP status',
    description: 'Situation regarding the Temporary Permit of Permanence (PTP).',
    hxl: '#respondee+ptp',
    sql: 'r.ptp_status',
    labels: labels(PtpStatus, {
      has_ptp: 'Holds a PTP',
      in_process: 'PTP in process',
      will_apply: 'Will apply',
      not_applying: 'Not applying',
      asylum_seeker: 'Asylum seeker',
    }),
  },
  {
    name: 'DESTINATION_COUNTRY',
    label: 'Destination country',
    description: 'Intended final destination (ISO3 code).',
    hxl: '#country+code+dest',
    sql: 'r.destination_country',
    joins: [location('ldc', 'r.destination_country')],
    labelSql: 'ldc.name',
  },
  {
    name: 'DESTINATION_REGION',
    label: 'Destination department',
    description: 'Peruvian destination department (admin-1 p-code, e.g. `PE15` Lima); no answer unless the destination is Peru.',
    hxl: '#adm1+code+dest',
    sql: 'r.destination_region_pcode',
    joins: [location('ldr', 'r.destination_region_pcode')],
    labelSql: 'ldr.name',
  },
  {
    name: 'STAYED_OVER_30_DAYS',
    label: 'Stayed over 30 days in a city on the route',
    description: 'Whether the respondent stayed more than 30 days in a city on the route (yes/no).',
    hxl: '#respondee+stayed_over_30_days',
    sql: yesNo('r.stayed_over_30_days'),
    labels: YES_NO,
  },
  {
    name: 'WORKED_IN_PERU',
    label: 'Worked in Peru',
    description: 'Whether the respondent worked during the stay in Peru (yes/no).',
    hxl: '#respondee+worked',
    sql: yesNo('r.worked_in_peru'),
    labels: YES_NO,
  },
  {
    name: 'DISCRIMINATED',
    label: 'Felt discriminated against',
    description: 'Whether the respondent felt discriminated against (yes/no; only asked of those who stayed over 30 days in a city).',
    hxl: '#respondee+discriminated',
    sql: yesNo('r.discriminated'),
    labels: YES_NO,
  },
  {
    name: 'DISCRIMINATION_REASON',
    label: 'Reason of the discrimination',
    description: 'Perceived reason of the discrimination (only for those who felt discriminated against).',
    hxl: '#respondee+discrimination_reason',
    sql: 'r.discrimination_reason',
    labels: labels(DiscriminationReason, { nationality: 'Nationality', sex: 'Sex', age: 'Age', other: 'Other' }),
  },
  {
    name: 'VIOLENCE_TYPE',
    label: 'Violence suffered on the route',
    description: 'Type of violence suffered on the route (multi-select: a respondent counts once in every type they reported).',
    hxl: '#respondee+violence',
    sql: 'vt.code',
    joins: [choice('vt', ChoiceQuestion.VIOLENCE_TYPE)],
    labels: labels(ViolenceType, { verbal: 'Verbal', physical: 'Physical', sexual: 'Sexual', robbery: 'Robbery', other: 'Other' }),
    multiSelect: true,
  },
  {
    name: 'TRAVELLING_GROUP_SIZE',
    label: 'Size of the travelling group',
    description: 'People travelling together, the respondent included, in bands 1, 2, 3-4, 5+.',
    hxl: '#respondee+group_size',
    sql: "CASE WHEN h.travelling_size = 1 THEN '1' WHEN h.travelling_size = 2 THEN '2' WHEN h.travelling_size <= 4 THEN '3-4' WHEN h.travelling_size >= 5 THEN '5+' END",
    units: HOUSEHOLD_UNITS,
    joins: [JOINS.household],
    labels: { '1': 'Alone', '2': '2 people', '3-4': '3-4 people', '5+': '5 people or more' },
  },
  {
    name: 'TRAVELS_WITH_CHILDREN',
    label: 'Travels with children',
    description: 'Whether the travelling group includes children under 18 (yes/no).',
    hxl: '#respondee+with_children',
    sql: "CASE WHEN h.travelling_children > 0 THEN 'yes' WHEN h.travelling_children = 0 THEN 'no' END",
    units: HOUSEHOLD_UNITS,
    joins: [JOINS.household],
    labels: YES_NO,
  },
  {
    name: 'CHILDREN_LEFT_IN_VENEZUELA',
    label: 'Children left in Venezuela',
    description: 'Whether the household left children under 18 in Venezuela (yes/no).',
    hxl: '#respondee+children_left',
    sql: "CASE WHEN h.children_in_venezuela > 0 THEN 'yes' WHEN h.children_in_venezuela = 0 THEN 'no' END",
    units: HOUSEHOLD_UNITS,
    joins: [JOINS.household],
    labels: YES_NO,
  },
  {
    name: 'CHILD_STATUS',
    label: 'Child status',
    description: 'Whether the child travels with the respondent or stayed in Venezuela (childStats only).',
    hxl: '#respondee+child_status',
    sql: 'c.status',
    units: CHILD_ONLY,
    labels: labels(ChildStatus, { travelling: 'Travelling', left_in_venezuela: 'Left in Venezuela' }),
  },
  {
    name: 'SCHOOL_LEVEL',
    label: 'School level',
    description: 'Last school level the child attended in Venezuela (childStats only).',
    hxl: '#respondee+school_level',
    sql: 'c.school_level',
    units: CHILD_ONLY,
    labels: labels(SchoolLevel, { none: 'Never attended', initial: 'Initial', primary: 'Primary', secondary: 'Secondary' }),
  },
  {
    name: 'ATTENDING_SCHOOL',
    label: 'Attending school',
    description: 'Whether the child attends school now (yes/no; childStats only).',
    hxl: '#respondee+attending_school',
    sql: yesNo('c.attending_school'),
    units: CHILD_ONLY,
    labels: YES_NO,
  },
  {
    name: 'EMOTIONAL_CHANGES',
    label: 'Strong emotional changes',
    description: 'Whether strong emotional changes were observed in the child (yes/no; childStats only).',
    hxl: '#respondee+emotional_changes',
    sql: yesNo('c.emotional_changes'),
    units: CHILD_ONLY,
    labels: YES_NO,
  },
  {
    name: 'CAREGIVER',
    label: 'Caregiver',
    description: 'Who cares for a child left in Venezuela (childStats only).',
    hxl: '#respondee+caregiver',
    sql: 'c.caregiver',
    units: CHILD_ONLY,
    labels: labels(Caregiver, {
      mother: 'Mother',
      father: 'Father',
      grandparent: 'Grandparent',
      other_relative: 'Other relative',
      non_relative: 'Not a relative',
      none: 'Nobody',
    }),
  },
] as const satisfies readonly DimensionDef[];

export type StatsDimension = (typeof DIMENSION_LIST)[number]['name'];
/** The GraphQL enum: names = values, e.g. `StatsDimension.SEX === 'SEX'`. */
export const StatsDimension = Object.fromEntries(DIMENSION_LIST.map((d) => [d.name, d.name])) as { readonly [K in StatsDimension]: K };

export const DIMENSIONS: ReadonlyMap<StatsDimension, DimensionDef> = new Map(DIMENSION_LIST.map((d) => [d.name, d as DimensionDef]));

registerEnumType(StatsDimension, {
  name: 'StatsDimension',
  description:
    'A dimension a stats query can group by. Each applies to some stats types only (see each value); a group with no answer for it has code null.',
  valuesConfig: Object.fromEntries(DIMENSION_LIST.map((d) => [d.name, { description: d.description }])) as Record<
    StatsDimension,
    { description: string }
  >,
});

/** The SQL of a dimension's code for a unit, or undefined when it does not apply to that unit. */
export function dimensionSql(d: DimensionDef, unit: StatsUnit): string | undefined {
  if (typeof d.sql === 'string') return (d.units ?? ALL_UNITS).includes(unit) ? d.sql : undefined;
  return d.sql[unit];
}

export function dimensionsFor(unit: StatsUnit): StatsDimension[] {
  return [...DIMENSIONS.values()].filter((d) => dimensionSql(d, unit) !== undefined).map((d) => d.name as StatsDimension);
}
