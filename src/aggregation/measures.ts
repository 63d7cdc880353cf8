import { registerEnumType } from 'type-graphql';
import type { MeasureName } from '../questionnaire/names';
import { QUESTIONS } from '../questionnaire/registry';
import type { Text } from '../questionnaire/text';
import { answerSql, unitsOfAnswer } from './question-sql';
import { withOldNames } from './renamed-values';
import { Join, StatsUnit } from './units';

/**
 * One entry per numeric field a stats query can summarise (n, mean, median, min, max), derived
 * from the questionnaire's integer and decimal questions that declare a `measure`. Questions of
 * several sheets may feed one measure (AGE of respondents and of children).
 */
export interface MeasureDef {
  name: string;
  label: Text;
  description: string;
  /** HXL hashtag stem; the CSV adds +n, +mean, +median, +min, +max. */
  hxl: string;
  /** SQL of the value, per unit the measure applies to. */
  sql: Partial<Record<StatsUnit, string>>;
  joins?: readonly Join[];
}

function questionMeasures(): MeasureDef[] {
  const byName = new Map<string, MeasureDef>();
  for (const q of QUESTIONS) {
    const spec = q.measure;
    if (!spec) continue;
    const { value, joins } = answerSql(q, spec.name.toLowerCase());
    const sql = Object.fromEntries((spec.units ?? unitsOfAnswer(q, 'measure')).map((u) => [u, value]));
    const seen = byName.get(spec.name);
    if (seen) {
      seen.sql = { ...seen.sql, ...sql };
      continue;
    }
    if (!spec.description || !spec.hxl) throw new Error(`measure ${spec.name}: its first question (${q.sheet}.${q.column}) must give its description and HXL tag`);
    byName.set(spec.name, { name: spec.name, label: spec.label ?? q.label, description: spec.description, hxl: spec.hxl, sql, joins });
  }
  return [...byName.values()];
}

const MEASURE_LIST: readonly MeasureDef[] = questionMeasures();

/** Old names of measures, accepted for one release: old name -> current name. */
const DEPRECATED_MEASURES: ReadonlyMap<string, string> = new Map(
  QUESTIONS.flatMap((q) => (q.measure?.deprecatedName ? [[q.measure.deprecatedName, q.measure.name] as const] : [])),
);

const NAMES = withOldNames(MEASURE_LIST, DEPRECATED_MEASURES);

/** A measure's name, as the questions declare it (old names included); a misspelt name does not compile. */
export type StatsMeasure = MeasureName;
export const StatsMeasure = NAMES.enumObject as { readonly [M in StatsMeasure]: M };
/** Every measure by name; an old name gives the current measure under the old name. */
export const MEASURES = NAMES.byName as ReadonlyMap<StatsMeasure, MeasureDef & { name: StatsMeasure }>;

registerEnumType(StatsMeasure, {
  name: 'StatsMeasure',
  description: 'A numeric field a stats query can summarise with n, mean, median, min and max. Each applies to some stats types only.',
  valuesConfig: NAMES.valuesConfig,
});

export function measuresFor(unit: StatsUnit): StatsMeasure[] {
  return MEASURE_LIST.filter((m) => m.sql[unit] !== undefined).map((m) => m.name as StatsMeasure);
}
