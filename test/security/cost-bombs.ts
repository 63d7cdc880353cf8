/**
 * The hostile operations of issue 7's availability probes, built the way the probes describe them,
 * shared by the cost-model tests and the measurements in docs/limits.md.
 */

/** Three dimensions with many codes each: the "fine" breakdown of the probe. */
export const FINE_DIMENSIONS = ['SURVEY_POINT', 'ORIGIN_STATE', 'DESTINATION_REGION'] as const;
export const FIVE_MEASURES = ['AGE', 'TRAVEL_DAYS', 'TRIP_COST_USD', 'MONTHLY_INCOME_USD', 'MONTHS_IN_PERU'] as const;

/** `aliases` copies of respondentStats grouped by the three fine dimensions (about 8.6 KB for 50). */
export function aliasBomb(aliases = 50, measures: readonly string[] = []): string {
  const m = measures.length ? ` measures: [${measures.join(', ')}]` : '';
  const selection = measures.length
    ? '{ total groups { keys { dimension code label } count share ci95 { low high } suppressed measures { n mean median } } }'
    : '{ total groups { keys { dimension code label } count share ci95 { low high } suppressed } }';
  const fields = Array.from({ length: aliases }, (_v, i) => `a${i}: respondentStats(groupBy: [${FINE_DIMENSIONS.join(', ')}]${m}) ${selection}`);
  return `{ ${fields.join('\n')} }`;
}

/**
 * `fragment F1 on Query { ...F2 ...F2 }` nested `levels` levels: about 1 KB for 24 levels. Every
 * level doubles a naive walk, so a walk that re-expands fragments visits 2^levels selections.
 */
export function fragmentFanOut(levels = 24): string {
  const fragments = Array.from({ length: levels }, (_v, i) =>
    i === levels - 1 ? `fragment F${i + 1} on Query { rounds { id } }` : `fragment F${i + 1} on Query { ...F${i + 2} ...F${i + 2} }`,
  );
  return `query FanOut { ...F1 }\n${fragments.join('\n')}`;
}
