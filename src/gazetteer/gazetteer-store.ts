import { foldName } from '../modules/location/location.data';
import { GazetteerArea, GazetteerTable } from './cod-ab-table';
import { IsoSubdivision, isoAdmin1 } from './iso-3166-2';

/** Anything that runs SQL with positional parameters (a QueryRunner or an EntityManager). */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
  connection: { options: { type: string } };
}

/** Where a country's areas come from: its COD-AB table, or ISO 3166-2 while it has none. */
export type AreaSource = 'cod-ab' | 'iso-3166-2';

const COLUMNS = ['pcode', 'level', 'name', 'country_iso3', 'aliases', 'names_json', 'iso_code', 'source', 'parent_pcode'] as const;
type Row = [string, string, string, string, string | null, string | null, string | null, AreaSource, string | null];

const marks = (q: Queryable, from: number, n: number) =>
  Array.from({ length: n }, (_, i) => (q.connection.options.type === 'postgres' ? `$${from + i}` : '?')).join(', ');

/** Folded spellings an area is found by on import, `;`-separated (the `aliases` column). */
const aliasText = (spellings: string[]) => [...new Set(spellings.map(foldName).filter((s) => s !== ''))].join(';');

/** The ISO 3166-2 codes of each admin-1 area, matched by name, and the codes no area matched. */
export function matchIsoCodes(table: GazetteerTable): { codes: Map<string, string[]>; unmatched: string[] } {
  const codes = new Map<string, string[]>();
  const unmatched: string[] = [];
  const admin1 = table.areas.filter((a) => a.level === 'admin1');
  for (const sub of isoAdmin1(table.iso2)) {
    const name = foldName(sub.name);
    const area = admin1.find((a) => [...Object.values(a.names), ...a.alternates].some((n) => foldName(n) === name));
    if (!area) {
      unmatched.push(sub.code);
      continue;
    }
    codes.set(area.pcode, [...(codes.get(area.pcode) ?? []), sub.code]);
  }
  return { codes, unmatched };
}

function tableRows(table: GazetteerTable, isoCodes: Map<string, string[]>): Row[] {
  return table.areas.map((a: GazetteerArea) => {
    const iso = isoCodes.get(a.pcode) ?? [];
    const names = Object.values(a.names);
    return [a.pcode, a.level, names[0], table.iso3, aliasText([...names, ...a.alternates, ...iso]), JSON.stringify(a.names), iso[0] ?? null, 'cod-ab', a.parentPcode];
  });
}

function isoRows(iso3: string, subdivisions: IsoSubdivision[]): Row[] {
  return subdivisions.map((s) => [s.code, 'admin1', s.name, iso3, aliasText([s.name]), null, s.code, 'iso-3166-2', null]);
}

async function insertRows(q: Queryable, rows: Row[]): Promise<void> {
  const per = COLUMNS.length;
  for (let i = 0; i < rows.length; i += 100) {
    const chunk = rows.slice(i, i + 100);
    const values = chunk.map((_, r) => `(${marks(q, r * per + 1, per)})`).join(', ');
    await q.query(`INSERT INTO location (${COLUMNS.join(', ')}) VALUES ${values}`, chunk.flat());
  }
}

/** The p-codes of a country's areas (admin-1 and admin-2) and where they come from. */
export async function currentAreas(q: Queryable, iso3: string): Promise<{ pcode: string; source: string | null }[]> {
  return (await q.query(`SELECT pcode, source FROM location WHERE country_iso3 = ${marks(q, 1, 1)} AND level <> 'country' ORDER BY pcode`, [
    iso3,
  ])) as { pcode: string; source: string | null }[];
}

/**
 * The rounds that use each of `pcodes`: as a survey point's area, or as a respondent's state of
 * origin or destination region. Empty when none is used.
 */
export async function roundsUsing(q: Queryable, pcodes: string[]): Promise<Map<string, string[]>> {
  const used = new Map<string, string[]>();
  if (pcodes.length === 0) return used;
  // Numbered marks on both engines (SQLite's `?1`), so the three lists share one set of values.
  const sign = q.connection.options.type === 'postgres' ? '$' : '?';
  const list = pcodes.map((_, i) => `${sign}${i + 1}`).join(', ');
  const rows = (await q.query(
    `SELECT admin1_pcode AS pcode, round_id FROM survey_point WHERE admin1_pcode IN (${list})
     UNION SELECT origin_state_pcode, round_id FROM respondent WHERE origin_state_pcode IN (${list})
     UNION SELECT destination_region_pcode, round_id FROM respondent WHERE destination_region_pcode IN (${list})`,
    pcodes,
  )) as { pcode: string; round_id: string }[];
  for (const r of rows) used.set(r.pcode, [...new Set([...(used.get(r.pcode) ?? []), r.round_id])].sort());
  return used;
}

/** Replaces a country's areas with those of its COD-AB table; run it inside a transaction. */
export async function replaceWithTable(q: Queryable, table: GazetteerTable, isoCodes: Map<string, string[]>): Promise<void> {
  await q.query(`DELETE FROM location WHERE country_iso3 = ${marks(q, 1, 1)} AND level <> 'country'`, [table.iso3]);
  await insertRows(q, tableRows(table, isoCodes));
}

/** Gives a country without areas its ISO 3166-2 subdivisions as admin-1 areas. */
export async function insertIsoAreas(q: Queryable, iso3: string, iso2: string): Promise<number> {
  const rows = isoRows(iso3, isoAdmin1(iso2));
  await insertRows(q, rows);
  return rows.length;
}
