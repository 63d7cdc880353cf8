import { DIMENSIONS, StatsDimension } from '../aggregation/dimensions';
import { MEASURES, StatsMeasure } from '../aggregation/measures';
import type { StatsResult } from '../aggregation/stats.types';
import { StatsUnit, UNITS } from '../aggregation/units';
import type { Lang } from '../questionnaire/text';
import { CSV_WORDS } from './csv-words';
import { codeTag, labelTag } from './hxl-tags';

/** One column of a download: its header in the request's language and its HXL tag. */
export interface TableColumn {
  header: string;
  hxl: string;
}

export type TableCell = string | number | null;

/** A stats result as a table: the CSV and the JSON flavour of a download are two spellings of it. */
export interface StatsTable {
  columns: TableColumn[];
  rows: TableCell[][];
}

const STATS = ['n', 'mean', 'median', 'min', 'max'] as const;
const orNull = (v: number | null | undefined) => (v === null || v === undefined ? null : v);
const r6 = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1e6) / 1e6);
/** A proportion as a percentage (HXL's `+pct`), to the precision of six decimals of the proportion. */
const percent = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1e6) / 1e4);

/**
 * The table of a stats result (as GraphQL serialised it): for each dimension its code and label,
 * the count, its share and interval as percentages, each measure's n, mean, median, min and max,
 * then the total, the unlisted count and the disclosure method and status, repeated on every row.
 * `codAbAreas` are the admin-1 p-codes of COD-AB tables (a code column of p-codes says so in HXL).
 */
export function statsTable(unitOf: StatsUnit, stats: StatsResult, lang: Lang, codAbAreas: ReadonlySet<string> = new Set()): StatsTable {
  const count = UNITS[unitOf].countHxl;
  const words = CSV_WORDS[lang];
  const noun = words.noun[unitOf];
  const dims = stats.groupBy.map((d) => DIMENSIONS.get(d as StatsDimension)!);
  const measures = stats.measures.map((m) => MEASURES.get(m as StatsMeasure)!);
  const columns: TableColumn[] = [
    ...dims.flatMap((d, i) => [
      { header: `${d.label[lang]} (${words.code})`, hxl: codeTag(d, stats.groups.map((g) => g.keys[i].code), codAbAreas) },
      { header: d.label[lang], hxl: labelTag(d, lang) },
    ]),
    { header: `${noun[0].toUpperCase()}${noun.slice(1)}`, hxl: count },
    { header: words.share, hxl: `${count}+pct` },
    { header: words.ciLow, hxl: `${count}+pct+ci95_low` },
    { header: words.ciHigh, hxl: `${count}+pct+ci95_high` },
    ...measures.flatMap((m) => STATS.map((s) => ({ header: `${m.label[lang]}: ${words.stat[s]}`, hxl: `${m.hxl}+num+${s}` }))),
    { header: words.total(noun), hxl: `${count}+total` },
    // HXL: the count's own hashtag with one more attribute, as +total does.
    { header: words.unlisted, hxl: `${count}+unlisted` },
    { header: words.disclosure, hxl: '#meta+disclosure' },
    { header: words.status, hxl: '#meta+disclosure+status' },
  ];
  const rows = stats.groups.map((g) => [
    ...g.keys.flatMap((k) => [k.code, k.label]),
    orNull(g.count),
    percent(g.share),
    percent(g.ci95?.low),
    percent(g.ci95?.high),
    ...g.measures.flatMap((m) => [orNull(m.n), r6(m.mean), r6(m.median), orNull(m.min), orNull(m.max)]),
    orNull(stats.total),
    orNull(stats.unlistedCount),
    stats.disclosure.method,
    stats.disclosure.status,
  ]);
  return { columns, rows };
}
