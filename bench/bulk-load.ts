import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import sqlite3 from 'sqlite3';
import { ADMIN1_AREAS, foldName } from '../src/modules/location/location.data';
import { SQLITE_CACHE_KIB } from '../src/import/import-round';
import { roundId } from '../src/modules/round/round.entity';
import { GeneratorOptions, generateRespondents, roundJson, SURVEY_POINTS } from '../src/provisioning/bundle-generator';

/**
 * The reference the importer is measured against: the same generated rows loaded through each
 * engine's bulk path, with no validation at all (SQLite: one prepared INSERT per table in one
 * transaction; PostgreSQL: COPY). Values are laid out exactly as the importer stores them.
 */

export type DbValue = string | number | boolean | null;

export interface DbRows {
  respondent: DbValue[];
  choices: DbValue[][];
  household: DbValue[];
  children: DbValue[][];
}

export const RESPONDENT_DB_COLUMNS = [
  'id', 'round_id', 'code', 'survey_point_id', 'interview_date', 'sex', 'age', 'nationality', 'marital_status',
  'origin_state_pcode', 'education_level', 'employed_before_leaving', 'reason_for_leaving', 'travel_days', 'trip_cost_usd',
  'document_used', 'ptp_status', 'destination_country', 'destination_region_pcode', 'stayed_over_30_days', 'months_in_country',
  'worked_in_country', 'monthly_income_usd', 'discriminated', 'discrimination_reason',
];
export const CHOICE_DB_COLUMNS = ['respondent_id', 'question', 'code', 'round_id'];
export const HOUSEHOLD_DB_COLUMNS = ['id', 'round_id', 'code', 'respondent_id', 'travelling_size', 'travelling_children', 'members_in_venezuela', 'children_in_venezuela'];
export const CHILD_DB_COLUMNS = ['id', 'round_id', 'code', 'household_id', 'status', 'sex', 'age', 'school_level', 'attending_school', 'emotional_changes', 'caregiver'];

function admin1Lookup(country: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of ADMIN1_AREAS[country]) {
    for (const n of [a.pcode, a.name, ...(a.aliases ?? [])]) m.set(foldName(n), a.pcode);
  }
  return m;
}

/** The generator's rows as database values (the importer's storage conventions, without checks). */
export function* generateDbRows(opts: GeneratorOptions, bool: (v: boolean) => DbValue): Generator<DbRows> {
  const rid = roundId(opts.country ?? 'PER', opts.number ?? 99);
  const ven = admin1Lookup('VEN');
  const per = admin1Lookup('PER');
  const s = (v: string): string | null => (v === '' ? null : v);
  const n = (v: string): number | null => (v === '' ? null : Number(v));
  const b = (v: string): DbValue => (v === '' ? null : bool(v === 'yes'));
  for (const g of generateRespondents(opts)) {
    const r = g.respondent;
    const id = `${rid}:${r.respondent_id}`;
    const respondent: DbValue[] = [
      id, rid, r.respondent_id, `${rid}:${r.survey_point}`, r.interview_date, r.sex, Number(r.age), r.nationality,
      s(r.marital_status), r.origin_state === '' ? null : ven.get(foldName(r.origin_state)) ?? null, s(r.education_level),
      b(r.employed_before_leaving), s(r.reason_for_leaving), n(r.travel_days), n(r.trip_cost_usd), s(r.document_used),
      s(r.ptp_status), s(r.destination_country), r.destination_region === '' ? null : per.get(foldName(r.destination_region)) ?? null,
      b(r.stayed_over_30_days), n(r.months_in_country), b(r.worked_in_country), n(r.monthly_income_usd), b(r.discriminated),
      s(r.discrimination_reason),
    ];
    const choices: DbValue[][] = [];
    for (const c of r.transit_countries.split(';').filter(Boolean)) choices.push([id, 'transit_country', c.toUpperCase(), rid]);
    for (const c of r.violence_types.split(';').filter(Boolean)) choices.push([id, 'violence_type', c, rid]);
    const h = g.household;
    const household: DbValue[] = [
      `${rid}:${h.household_id}`, rid, h.household_id, id, Number(h.travelling_size), Number(h.travelling_children),
      n(h.members_in_venezuela), n(h.children_in_venezuela),
    ];
    const children = g.children.map((c) => [
      `${rid}:${c.child_id}`, rid, c.child_id, `${rid}:${c.household_id}`, c.status, c.sex, Number(c.age), s(c.school_level),
      b(c.attending_school), b(c.emotional_changes), s(c.caregiver),
    ]);
    yield { respondent, choices, household, children };
  }
}

function headerRows(opts: GeneratorOptions, respondents: number): { round: DbValue[]; points: DbValue[][] } {
  const meta = roundJson(opts) as Record<string, string | number | null>;
  const rid = roundId(String(meta.country), Number(meta.number));
  return {
    round: [rid, meta.country, meta.number, meta.name, meta.fieldworkStart, meta.fieldworkEnd, meta.publishedOn, respondents, meta.dataKind, meta.caveat, meta.sourceUrl],
    points: SURVEY_POINTS.map((p) => [`${rid}:${p.code}`, rid, p.code, p.name, p.kind, p.direction, p.admin1Pcode, p.borderWith, 0]),
  };
}

const ROUND_DB_COLUMNS = ['id', 'country', 'number', 'name', 'fieldwork_start', 'fieldwork_end', 'published_on', 'sample_size', 'data_kind', 'caveat', 'source_url'];
const POINT_DB_COLUMNS = ['id', 'round_id', 'code', 'name', 'kind', 'direction', 'admin1_pcode', 'border_with', 'sample_size'];

export interface BulkResult {
  rows: number;
  /** Sweeps over the generator the load made (its generation time is subtracted by the caller). */
  sweeps: number;
}

/** SQLite: one prepared INSERT per table, one transaction, the driver's serialized mode. */
export async function bulkLoadSqlite(file: string, opts: GeneratorOptions): Promise<BulkResult> {
  const db = new sqlite3.Database(file);
  const exec = (sql: string) => new Promise<void>((ok, fail) => db.exec(sql, (e) => (e ? fail(e) : ok())));
  // Same page cache as the importer; foreign keys off: a bulk load checks nothing.
  await exec(`PRAGMA journal_mode = WAL; PRAGMA foreign_keys = OFF; PRAGMA cache_size = ${-SQLITE_CACHE_KIB};`);
  db.serialize();
  let failure: Error | null = null;
  const onError = (e: Error | null) => {
    if (e && !failure) failure = e;
  };
  const prepare = (table: string, cols: string[]) =>
    db.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
  await exec('BEGIN');
  const head = headerRows(opts, opts.respondents);
  const round = prepare('round', ROUND_DB_COLUMNS);
  round.run(head.round, onError);
  const point = prepare('survey_point', POINT_DB_COLUMNS);
  for (const p of head.points) point.run(p, onError);
  const r = prepare('respondent', RESPONDENT_DB_COLUMNS);
  const c = prepare('respondent_choice', CHOICE_DB_COLUMNS);
  const h = prepare('household', HOUSEHOLD_DB_COLUMNS);
  const k = prepare('child', CHILD_DB_COLUMNS);
  let rows = 0;
  let queued = 0;
  const bool = (v: boolean) => (v ? 1 : 0);
  // Parents before children, row by row: respondent, its choices, its household, its children.
  for (const g of generateDbRows(opts, bool)) {
    r.run(g.respondent, onError);
    for (const ch of g.choices) c.run(ch, onError);
    h.run(g.household, onError);
    for (const ch of g.children) k.run(ch, onError);
    const n = 2 + g.choices.length + g.children.length;
    rows += n;
    queued += n;
    if (queued >= 5000) {
      // In serialized mode a statement's callback runs after everything queued before it.
      await new Promise<void>((ok) => db.run('SELECT 1', () => ok()));
      queued = 0;
      if (failure) throw failure;
    }
  }
  await exec('COMMIT');
  if (failure) throw failure;
  const broken = await new Promise<unknown[]>((ok, fail) => db.all('PRAGMA foreign_key_check', (e, rows) => (e ? fail(e) : ok(rows))));
  if (broken.length > 0) throw new Error(`bulk load broke ${broken.length} foreign keys, e.g. ${JSON.stringify(broken[0])}`);
  for (const st of [round, point, r, c, h, k]) await new Promise<void>((ok) => st.finalize(() => ok()));
  await new Promise<void>((ok) => db.close(() => ok()));
  return { rows, sweeps: 1 };
}

function copyText(v: DbValue): string {
  if (v === null) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return v.replace(/[\\\t\n\r]/g, (m) => (m === '\\' ? '\\\\' : m === '\t' ? '\\t' : m === '\n' ? '\\n' : '\\r'));
}

/** PostgreSQL: COPY ... FROM STDIN per table (parents first), in one transaction. */
export async function bulkLoadPostgres(url: string, opts: GeneratorOptions): Promise<BulkResult> {
  const client = new Client({ connectionString: url });
  await client.connect();
  let rows = 0;
  const copy = async (table: string, cols: string[], lines: () => Generator<DbValue[]>) => {
    const stream = client.query(copyFrom(`COPY "${table}" (${cols.map((c) => `"${c}"`).join(',')}) FROM STDIN`));
    const done = new Promise<void>((ok, fail) => {
      stream.on('finish', () => ok());
      stream.on('error', fail);
    });
    let buffer: string[] = [];
    let size = 0;
    for (const values of lines()) {
      const line = `${values.map(copyText).join('\t')}\n`;
      buffer.push(line);
      size += line.length;
      rows += 1;
      if (size >= 1 << 20) {
        if (!stream.write(buffer.join(''))) await new Promise<void>((ok) => stream.once('drain', () => ok()));
        buffer = [];
        size = 0;
      }
    }
    if (buffer.length) stream.write(buffer.join(''));
    stream.end();
    await done;
  };
  try {
    await client.query('BEGIN');
    const head = headerRows(opts, opts.respondents);
    await copy('round', ROUND_DB_COLUMNS, function* () {
      yield head.round;
    });
    await copy('survey_point', POINT_DB_COLUMNS, function* () {
      yield* head.points;
    });
    rows -= 1 + head.points.length;
    await copy('respondent', RESPONDENT_DB_COLUMNS, function* () {
      for (const g of generateDbRows(opts, (b) => b)) yield g.respondent;
    });
    await copy('respondent_choice', CHOICE_DB_COLUMNS, function* () {
      for (const g of generateDbRows(opts, (b) => b)) yield* g.choices;
    });
    await copy('household', HOUSEHOLD_DB_COLUMNS, function* () {
      for (const g of generateDbRows(opts, (b) => b)) yield g.household;
    });
    await copy('child', CHILD_DB_COLUMNS, function* () {
      for (const g of generateDbRows(opts, (b) => b)) yield* g.children;
    });
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return { rows, sweeps: 4 };
}
