import { registerEnumType } from 'type-graphql';
import type { CodeList } from '../questionnaire/code-list';
import { DIRECTION } from '../questionnaire/code-lists';
import { questionKey, type Band, type DimensionSpec, type Question } from '../questionnaire/question';
import type { QuestionDimensionName } from '../questionnaire/names';
import { QUESTIONS } from '../questionnaire/registry';
import { text, YES_NO_LABELS, type Text } from '../questionnaire/text';
import { answerSql, unitsOfAnswer } from './question-sql';
import { withOldNames } from './renamed-values';
import { ALL_UNITS, Join, JOINS, StatsUnit } from './units';

/**
 * One entry per dimension a stats query can group by: its GraphQL enum value (`name`), the SQL
 * expression of its code, where the code's label comes from, its HXL tag and the units it applies
 * to. The questionnaire's dimensions are derived from its questions (src/questionnaire/); the
 * round and survey-point dimensions, which are not questions, are listed here.
 *
 * SQL expressions use the aliases of the units' FROM clauses (`r` respondent, `h` household,
 * `c` child) and of the joins they declare. They contain no user values: filters are bound
 * parameters added by the WhereBuilder.
 */
export interface DimensionDef {
  name: string;
  /** Human name of the dimension: CSV header, docs. */
  label: Text;
  /** GraphQL description of the enum value. */
  description: string;
  /** HXL hashtag of the code column in CSV exports (the label column adds +name). */
  hxl: string;
  /** SQL of the code, per unit it applies to. */
  sql: Partial<Record<StatsUnit, string>>;
  joins?: readonly Join[];
  /** Labels of the codes, in display order (closed code lists). */
  labels?: Readonly<Record<string, Text>>;
  /** SQL of the label of a code, when the codes are open (places, countries): names as the gazetteer spells them. */
  labelSql?: string;
  /** Multi-select: a unit counts once in every option it selected. */
  multiSelect?: boolean;
  /**
   * The question (`sheet.column`) the dimension reads, per unit: a filter on the same question
   * and a grouping by it are one variable of a table (disclosure-rules.ts). Absent for the round
   * and survey-point dimensions, which are variables of their own.
   */
  question?: Partial<Record<StatsUnit, string>>;
}

const location = (alias: string, pcodeSql: string): Join => ({ alias, sql: `LEFT JOIN location ${alias} ON ${alias}.pcode = ${pcodeSql}` });
const everyUnit = (sql: string): Partial<Record<StatsUnit, string>> => Object.fromEntries(ALL_UNITS.map((u) => [u, sql]));
const labelsOf = (list: CodeList): Record<string, Text> => Object.fromEntries(Object.values(list.codes).map((c) => [c.code, c.label]));

/** The dimensions of the round and its survey points: not questions of the questionnaire. */
const SURVEY_DIMENSIONS = [
  {
    name: 'COUNTRY',
    label: text('Country of the operation', 'País de la operación'),
    description: 'Country of the operation (ISO3 code), e.g. `PER`.',
    hxl: '#country+code',
    sql: everyUnit('ro.country'),
    joins: [JOINS.round, location('lco', 'ro.country')],
    labelSql: 'lco.name',
  },
  {
    name: 'ROUND',
    label: text('Round', 'Ronda'),
    description: 'Round of the survey; code = round id, e.g. `PER-4`.',
    hxl: '#meta+round+code',
    sql: everyUnit('r.round_id'),
    joins: [JOINS.round],
    labelSql: "ro.country || ' round ' || CAST(ro.number AS VARCHAR(10))",
  },
  {
    name: 'INTERVIEW_MONTH',
    label: text('Month of the interview', 'Mes de la entrevista'),
    description: 'Month of the interview, `YYYY-MM`.',
    hxl: '#date+reported',
    sql: everyUnit('SUBSTR(CAST(r.interview_date AS VARCHAR(10)), 1, 7)'),
  },
  {
    name: 'SURVEY_POINT',
    label: text('Survey point', 'Punto de monitoreo'),
    description:
      'Survey point where the respondent was interviewed; code = point code, e.g. `cebaf_tumbes` (the same code in several rounds is one group).',
    hxl: '#loc+code',
    sql: everyUnit('sp.code'),
    joins: [JOINS.surveyPoint],
    labelSql: 'sp.name',
  },
  {
    name: 'SURVEY_POINT_REGION',
    label: text('Region of the survey point', 'Región del punto de monitoreo'),
    description: 'Admin-1 area (p-code, e.g. `PE24` Tumbes) of the survey point.',
    hxl: '#adm1+code',
    sql: everyUnit('sp.admin1_pcode'),
    joins: [JOINS.surveyPoint, location('lsp', 'sp.admin1_pcode')],
    labelSql: 'lsp.name',
  },
  {
    name: 'DIRECTION',
    label: text('Direction of the flow', 'Dirección del flujo'),
    description: 'Direction of the flow observed at the survey point (entry, exit, both).',
    hxl: '#loc+direction',
    sql: everyUnit('sp.direction'),
    joins: [JOINS.surveyPoint],
    labels: labelsOf(DIRECTION),
  },
] as const satisfies readonly DimensionDef[];

/** `CASE` of an integer's bands by their inclusive bounds. */
function bandSql(value: string, bands: readonly Band[]): string {
  const when = bands.map((b) => {
    const bounds = [b.min === undefined ? null : `${value} >= ${b.min}`, b.max === undefined ? null : `${value} <= ${b.max}`].filter(Boolean);
    return `WHEN ${bounds.join(' AND ')} THEN '${b.code}'`;
  });
  return `CASE ${when.join(' ')} END`;
}

/** What one question adds to a dimension: its code SQL per unit, joins and labels. */
function dimensionPart(q: Question, spec: DimensionSpec): Omit<DimensionDef, 'name' | 'label' | 'description' | 'hxl'> {
  const units = (spec.units ?? unitsOfAnswer(q, 'dimension')) as readonly StatsUnit[];
  const { value, joins } = answerSql(q, spec.name.toLowerCase());
  const a = q.answer;
  const part: Omit<DimensionDef, 'name' | 'label' | 'description' | 'hxl'> = { sql: {}, joins, question: {} };
  const code = spec.bands ? bandSql(value, spec.bands) : a.kind === 'yes-no' ? `CASE WHEN ${value} THEN 'yes' WHEN NOT ${value} THEN 'no' END` : value;
  for (const u of units) {
    part.sql[u] = code;
    part.question![u] = questionKey(q);
  }
  if (spec.bands) part.labels = Object.fromEntries(spec.bands.map((b) => [b.code, b.label]));
  else if (a.kind === 'yes-no') part.labels = YES_NO_LABELS;
  else if (a.kind === 'enum') part.labels = labelsOf(a.list);
  else if (a.kind === 'multi-select' && a.options !== 'countries') part.labels = labelsOf(a.options);
  else {
    const alias = `l_${spec.name.toLowerCase()}`;
    part.joins = [...(joins ?? []), location(alias, code)];
    part.labelSql = `${alias}.name`;
  }
  if (a.kind === 'multi-select') part.multiSelect = true;
  return part;
}

/** The dimensions of the questionnaire; questions that feed one dimension (SEX of respondents and of children) are merged. */
function questionDimensions(): DimensionDef[] {
  const byName = new Map<string, DimensionDef>();
  for (const q of QUESTIONS) {
    for (const spec of q.dimensions ?? []) {
      const part = dimensionPart(q, spec);
      const seen = byName.get(spec.name);
      if (!seen) {
        if (!spec.description || !spec.hxl) throw new Error(`dimension ${spec.name}: its first question (${q.sheet}.${q.column}) must give its description and HXL tag`);
        byName.set(spec.name, { name: spec.name, label: spec.label ?? q.label, description: spec.description, hxl: spec.hxl, ...part });
        continue;
      }
      seen.sql = { ...seen.sql, ...part.sql };
      seen.question = { ...seen.question, ...part.question };
      seen.joins = [...(seen.joins ?? []), ...(part.joins ?? []).filter((j) => !seen.joins?.some((s) => s.alias === j.alias))];
      if (part.labels) seen.labels = { ...seen.labels, ...part.labels };
    }
  }
  return [...byName.values()];
}

const DIMENSION_LIST: readonly DimensionDef[] = [...SURVEY_DIMENSIONS, ...questionDimensions()];

/** Old names of dimensions, accepted for one release: old name -> current name. */
const DEPRECATED_DIMENSIONS: ReadonlyMap<string, string> = new Map(
  QUESTIONS.flatMap((q) => (q.dimensions ?? []).flatMap((d) => (d.deprecatedName ? [[d.deprecatedName, d.name] as const] : []))),
);

const NAMES = withOldNames(DIMENSION_LIST, DEPRECATED_DIMENSIONS);

/** A dimension's name: of the round and survey points, or one a question declares (old names included); a misspelt name does not compile. */
export type StatsDimension = (typeof SURVEY_DIMENSIONS)[number]['name'] | QuestionDimensionName;
/** The GraphQL enum: names = values, e.g. `StatsDimension.SEX === 'SEX'`; old names included. */
export const StatsDimension = NAMES.enumObject as { readonly [D in StatsDimension]: D };

/** Every dimension by name; an old name gives the current dimension under the old name, so answers echo what was asked. */
export const DIMENSIONS = NAMES.byName as ReadonlyMap<StatsDimension, DimensionDef & { name: StatsDimension }>;

registerEnumType(StatsDimension, {
  name: 'StatsDimension',
  description:
    'A dimension a stats query can group by. Each applies to some stats types only (see each value); a group with no answer for it has code null.',
  valuesConfig: NAMES.valuesConfig,
});

/** The SQL of a dimension's code for a unit, or undefined when it does not apply to that unit. */
export function dimensionSql(d: DimensionDef, unit: StatsUnit): string | undefined {
  return d.sql[unit];
}

/** The current dimensions that apply to a unit (old names are accepted but not listed). */
export function dimensionsFor(unit: StatsUnit): StatsDimension[] {
  return DIMENSION_LIST.filter((d) => dimensionSql(d, unit) !== undefined).map((d) => d.name as StatsDimension);
}
