import type { HubRequest } from './hub-client';
import {
  RespondentExportDocument,
  type RespondentExportQuery,
  type RespondentFilter,
  RespondentsByPointAndSexDocument,
} from './generated/graphql';

export type ExportedRespondent = RespondentExportQuery['respondents']['edges'][number]['node'];

/** Every respondent matching the filter, one page at a time (cursor pagination, `after` = endCursor). */
export async function* exportRespondents(request: HubRequest, filter: RespondentFilter, pageSize = 200): AsyncGenerator<ExportedRespondent> {
  let after: string | null = null;
  for (;;) {
    const { respondents }: RespondentExportQuery = await request(RespondentExportDocument, { filter, first: pageSize, after });
    for (const edge of respondents.edges) yield edge.node;
    if (!respondents.pageInfo.hasNextPage) return;
    after = respondents.pageInfo.endCursor;
  }
}

export interface TableRow {
  surveyPoint: string;
  sex: string;
  /** Respondents counted from the exported rows. */
  rows: number;
  /** Mean age of those respondents. */
  meanAge: number;
  /** The same count from the hub's own respondentStats (exact for partner keys). */
  statsCount: number | null;
}

/** Counts exported respondents by survey point and sex, beside the hub's aggregate of the same round. */
export async function respondentTable(request: HubRequest, country: string, round: number): Promise<TableRow[]> {
  const groups = new Map<string, { surveyPoint: string; sex: string; rows: number; ageSum: number }>();
  for await (const r of exportRespondents(request, { country, round })) {
    const key = `${r.surveyPoint.code}|${r.sex}`;
    const g = groups.get(key) ?? { surveyPoint: r.surveyPoint.code, sex: r.sex, rows: 0, ageSum: 0 };
    g.rows += 1;
    g.ageSum += r.age;
    groups.set(key, g);
  }
  const stats = await request(RespondentsByPointAndSexDocument, { country, round });
  // Stats keys carry the stored codes (`male`), the respondent fields the enum names (`MALE`).
  const statsCount = new Map(stats.respondentStats.groups.map((g) => [g.keys.map((k) => k.code?.toLowerCase()).join('|'), g.count]));
  return [...groups.values()]
    .sort((a, b) => a.surveyPoint.localeCompare(b.surveyPoint) || a.sex.localeCompare(b.sex))
    .map((g) => ({
      surveyPoint: g.surveyPoint,
      sex: g.sex,
      rows: g.rows,
      meanAge: g.ageSum / g.rows,
      statsCount: statsCount.get(`${g.surveyPoint}|${g.sex.toLowerCase()}`) ?? null,
    }));
}

/** A fixed-width text table, for a terminal. */
export function formatTable(rows: TableRow[]): string {
  const header = ['survey point', 'sex', 'respondents', 'mean age', 'respondentStats'];
  const body = rows.map((r) => [r.surveyPoint, r.sex, String(r.rows), r.meanAge.toFixed(1), r.statsCount === null ? '-' : String(r.statsCount)]);
  const total = rows.reduce((n, r) => n + r.rows, 0);
  body.push(['total', '', String(total), '', '']);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
