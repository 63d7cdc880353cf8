import { UNIT_DECLARATIONS, type UnitName } from '../questionnaire/units';
import type { Lang } from '../questionnaire/text';
import { roundKey, type RoundInfo } from './download-notes';

/** A file name longer than this drops its filter values and says `filtered` instead. */
const MAX_NAME = 180;

/** Letters, digits and single hyphens only: `surveyPoint` → `survey-point`, `north_gate` → `north-gate`. */
const slug = (text: string) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** The filter's fields other than country and round, as `field-value` words, nested fields prefixed by their parent. */
function filterWords(filter: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(filter).flatMap(([name, value]) => {
    if (name === 'country' || name === 'round') return [];
    if (value !== null && typeof value === 'object') return filterWords(value as Record<string, unknown>, `${prefix}${name}-`);
    return [slug(`${prefix}${name}-${String(value)}`)];
  });
}

/**
 * The file name of a download, from what it holds: the unit, the rounds (one round's id, else the
 * country, else `all-rounds`), the groupings, the measures, the other filters and the language,
 * e.g. `dtm-hub_respondents_PER-4_by-sex_es.csv`. Only letters, digits, `-`, `_` and `.`.
 */
export function downloadName(args: {
  unit: UnitName;
  rounds: readonly RoundInfo[];
  country: string | undefined;
  groupBy: readonly string[];
  measures: readonly string[];
  filter: Record<string, unknown>;
  lang: Lang;
  extension: 'csv' | 'json';
}): string {
  const { rounds, country } = args;
  const where = rounds.length === 1 ? roundKey(rounds[0]) : country ? country.toUpperCase().replace(/[^A-Z]/g, '') : 'all-rounds';
  const head = [`dtm-hub`, slug(UNIT_DECLARATIONS[args.unit].noun.en), where];
  const by = args.groupBy.length > 0 ? args.groupBy.map((d) => `by-${slug(d)}`) : ['total'];
  const measures = args.measures.map((m) => `with-${slug(m)}`);
  const filters = filterWords(args.filter);
  const name = (middle: string[]) => `${[...head, ...by, ...measures, ...middle, args.lang].join('_')}.${args.extension}`;
  const full = name(filters);
  return full.length <= MAX_NAME || filters.length === 0 ? full : name(['filtered']);
}
