import { existsSync } from 'node:fs';
import path from 'node:path';
import { DataSource, QueryRunner } from 'typeorm';
import type { BundleReader, ReadState } from './bundle';
import { openBundle } from './bundle-reader';
import { SURVEY_POINT_COLUMNS } from './sheet-format';
import { LocationIndex } from './locations';
import { EMPTY_MAPPING, loadMapping, Mapping } from './mapping';
import { ProgressSink, SILENT_PROGRESS } from './progress';
import { checkRound, RoundCheck, RoundMeta } from './round-meta';
import { ConvertedRow } from './row-converter';
import { SHEET_RULES, SheetRules, TABLE_SHEETS, tableColumns } from './rules';
import { sheetReading, SheetPass } from './sheet-reading';
import { validateRows, ValidationSummary } from './validator';
import { collectGarbage } from './release-memory';
import { Violation, ViolationLog } from '../csv/violations';
import { recordChange } from '../db/change-log';
import { readRecordKeySecret, recordKeyer } from '../db/record-key';
import { beginLockedWrite, DEFAULT_IMPORT_WAIT_SECONDS, ImportLockTimeout, LockedWrite, LockWait } from './import-lock';
import { BatchInsert, columnArrayTypes, dbBoolean, Engine, engineOf, InsertQueue, parameterLimit } from './writer';

export interface ImportOptions {
  /** Check everything, write nothing. */
  dryRun?: boolean;
  /** A mapping.json; by default the bundle folder's own mapping.json, if any. */
  mappingPath?: string;
  progress?: ProgressSink;
  /** How many violations to return in full (all are counted). Default 100. */
  maxReportedViolations?: number;
  /**
   * How long to wait, in seconds, while another import writes to the database (one import
   * writes at a time); past it the import is refused with nothing written. Default 600.
   */
  waitSeconds?: number;
}

export interface ImportCounts {
  respondents: number;
  households: number;
  children: number;
}

export type ImportResult =
  | { ok: true; roundId: string; counts: ImportCounts; warnings: string[] }
  | {
      ok: false;
      violations: Violation[];
      totalViolations: number;
      warnings: string[];
      /** Why a valid bundle was not written (another import kept the database), as a sentence. */
      refused?: string;
    };

/**
 * Imports a round bundle: checks every rule in a streaming first pass, then, only when nothing
 * is wrong, replaces the round in one transaction in a second pass. Violations are returned, not
 * thrown; an exception means the import could not run (database down, disk error).
 */
export async function importBundle(dataSource: DataSource, bundlePath: string, options: ImportOptions = {}): Promise<ImportResult> {
  const log = new ViolationLog(options.maxReportedViolations ?? 100);
  const warnings: string[] = [];
  const progress = options.progress ?? SILENT_PROGRESS;
  const failed = (): ImportResult => ({ ok: false, violations: log.kept, totalViolations: log.total, warnings });

  const reader = await openBundle(bundlePath, log);
  if (!reader) return failed();
  const mapping = await readMapping(bundlePath, reader, options.mappingPath, log);
  const locations = await LocationIndex.load(dataSource);
  const roundSource = await reader.readRound(log, warnings);
  const round: RoundCheck = roundSource
    ? checkRound(roundSource, locations, log, warnings)
    : { meta: null, fieldwork: null, pointCodes: null };
  const pass: SheetPass = { reader, mapping, locations, round, log, warnings, progress };
  const summary = await validateRows(pass);
  if (!log.empty || !round.meta) return failed();
  // The check pass's garbage goes before the write pass piles its own on top (release-memory.ts).
  if (!options.dryRun) collectGarbage();

  const meta = round.meta;
  if (!options.dryRun) {
    const wait = { waitSeconds: options.waitSeconds ?? DEFAULT_IMPORT_WAIT_SECONDS, onWait: (s: number) => progress.waiting?.(s) };
    try {
      await writeRound(dataSource, pass, meta, summary, wait);
    } catch (e) {
      if (!(e instanceof ImportLockTimeout)) throw e;
      return { ok: false, violations: [], totalViolations: 0, warnings, refused: e.message };
    }
  }
  return { ok: true, roundId: meta.id, counts: summary.counts, warnings };
}

async function readMapping(bundlePath: string, reader: BundleReader, explicit: string | undefined, log: ViolationLog): Promise<Mapping> {
  const own = reader.kind === 'folder' ? path.join(bundlePath, 'mapping.json') : undefined;
  const file = explicit ?? (own && existsSync(own) ? own : undefined);
  if (!file) return EMPTY_MAPPING;
  const columns: Record<string, readonly string[]> = { survey_points: SURVEY_POINT_COLUMNS };
  for (const s of TABLE_SHEETS) columns[s] = SHEET_RULES[s].columns.map((c) => c.column);
  return loadMapping(file, columns, log);
}

const PROGRESS_EVERY = 4096;

/**
 * The second pass: delete the old round and insert the new one, in one transaction, holding the
 * import lock (import-lock.ts) from before the transaction until its statistics are refreshed.
 */
async function writeRound(dataSource: DataSource, pass: SheetPass, meta: RoundMeta, summary: ValidationSummary, wait: LockWait): Promise<void> {
  const engine = engineOf(dataSource);
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  const total = summary.counts.respondents + summary.counts.households + summary.counts.children;
  let written = 0;
  let restoreCache: number | null = null;
  let write: LockedWrite | null = null;
  let started = false;
  try {
    if (engine === 'sqlite') {
      // A page cache larger than the 2 MB default keeps more of a big round's index pages in
      // memory instead of spilling them to the WAL again and again inside the one transaction.
      const [{ cache_size: previous }] = (await qr.query('PRAGMA cache_size')) as { cache_size: number }[];
      restoreCache = Number(previous);
      await qr.query(`PRAGMA cache_size = ${-SQLITE_CACHE_KIB}`);
    }
    write = await beginLockedWrite(qr, engine, wait);
    pass.progress.start('write', total, 'rows');
    started = true;
    const secret = await readRecordKeySecret(qr);
    const limit = await parameterLimit(qr, engine);
    const queue = new InsertQueue(qr);
    const p = (i: number) => (engine === 'postgres' ? `$${i}` : '?');
    const replacing = ((await qr.query(`SELECT 1 AS one FROM "round" WHERE "id" = ${p(1)}`, [meta.id])) as unknown[]).length > 0;
    // Row tables cascade from the round: one DELETE removes the old version of the round.
    await qr.query(`DELETE FROM "round" WHERE "id" = ${p(1)}`, [meta.id]);
    const types = async (table: string) => (engine === 'postgres' ? columnArrayTypes(qr, table) : null);
    const roundInsert = new BatchInsert(queue, engine, 'round', ROUND_COLUMNS, limit, 1, await types('round'));
    roundInsert.add([
      meta.id, meta.country, meta.number, meta.name, meta.fieldworkStart, meta.fieldworkEnd, meta.publishedOn,
      summary.counts.respondents, meta.dataKind, meta.caveat, meta.sourceUrl,
    ]);
    await roundInsert.flush();
    const points = new BatchInsert(queue, engine, 'survey_point', SURVEY_POINT_DB_COLUMNS, limit, 1000, await types('survey_point'));
    for (const sp of meta.surveyPoints) {
      const values = [`${meta.id}:${sp.code}`, meta.id, sp.code, sp.name, sp.kind, sp.direction, sp.admin1Pcode, sp.borderWith, summary.pointCounts.get(sp.code) ?? 0];
      if (points.add(values)) await points.flush();
    }
    await points.flush();

    const choices = new BatchInsert(queue, engine, 'respondent_choice', ['respondent_id', 'question', 'code', 'round_id'], limit, 4000, await types('respondent_choice'));
    for (const sheet of TABLE_SHEETS) {
      const rules = SHEET_RULES[sheet];
      const keyed = rules.keyed;
      const columns = keyed ? [...tableColumns(rules), 'record_key'] : tableColumns(rules);
      const rows = new BatchInsert(queue, engine, rules.table, columns, limit, 1000, await types(rules.table));
      const toParams = rowParams(rules, meta.id, engine, keyed ? secret : null);
      // Choice rows reference respondents: a respondent batch is always sent before its choices.
      const flush = async () => {
        await rows.flush();
        await choices.flush();
      };
      const reading = sheetReading({ ...pass, log: new ViolationLog(1), warnings: [] }, rules);
      const state: ReadState = { complete: true };
      for await (const row of pass.reader.rows(sheet, reading.resolve, state, new ViolationLog(1))) {
        const values = reading.converter()?.(row.record, row.rowNumber);
        if (!values) throw new Error(`${pass.reader.label(sheet)} changed while it was being imported (row ${row.rowNumber})`);
        let full = rows.add(toParams(values));
        for (const c of rules.columns) {
          if (c.store.kind !== 'choice') continue;
          const selected = values[c.column] as string[] | null;
          if (!selected) continue;
          const id = `${meta.id}:${values[rules.idColumn] as string}`;
          for (const code of selected) full = choices.add([id, c.store.question, code, meta.id]) || full;
        }
        if (full) await flush();
        written += 1;
        if (written % PROGRESS_EVERY === 0) pass.progress.update(written, written);
      }
      if (!state.complete) throw new Error(`${pass.reader.label(sheet)} could not be read again while it was being imported`);
      await flush();
    }
    await queue.drain();
    await recordChange(qr, { kind: replacing ? 'ROUND_REPLACED' : 'ROUND_IMPORTED', roundId: meta.id, country: meta.country });
    // SQLite's ANALYZE writes (sqlite_stat1): inside the transaction, under the writer lock.
    if (engine === 'sqlite') await analyse(qr, engine);
    await write.commit();
    if (engine === 'postgres') await analyse(qr, engine);
    pass.progress.update(written, written);
  } catch (e) {
    await write?.rollback();
    throw e;
  } finally {
    if (started) pass.progress.stop();
    await write?.unlock();
    if (restoreCache !== null) await qr.query(`PRAGMA cache_size = ${restoreCache}`);
    await qr.release();
  }
}

/**
 * Refreshes the planner's statistics of what was just written, before the import reports success:
 * straight after a big import PostgreSQL has none until autovacuum gets to it, and a nested page
 * then scans the child table instead of using its index. SQLite samples at most
 * SQLITE_ANALYSIS_LIMIT rows per index, which keeps this to well under a second.
 */
async function analyse(qr: QueryRunner, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    await qr.query('ANALYZE round, survey_point, respondent, respondent_choice, household, child');
  } else {
    await qr.query(`PRAGMA analysis_limit = ${SQLITE_ANALYSIS_LIMIT}`);
    await qr.query('ANALYZE');
  }
}

/** Rows SQLite's ANALYZE samples per index. */
const SQLITE_ANALYSIS_LIMIT = 1000;

/**
 * SQLite page cache during an import, in KiB. 16 MB rather than 64: the cache is native memory
 * on top of the importer's heap, and at 64 MB a 1,000,000-respondent import peaked over 500 MB
 * RSS; at 200,000 respondents 16 MB cut the peak by 49 MB (401 -> 352 MB) in the same time.
 */
export const SQLITE_CACHE_KIB = 16 * 1024;

const ROUND_COLUMNS = [
  'id', 'country', 'number', 'name', 'fieldwork_start', 'fieldwork_end', 'published_on', 'sample_size', 'data_kind', 'caveat', 'source_url',
];
const SURVEY_POINT_DB_COLUMNS = ['id', 'round_id', 'code', 'name', 'kind', 'direction', 'admin1_pcode', 'border_with', 'sample_size'];

/**
 * Compiles the function that lays a converted row out as the table's insert parameters; with a
 * secret, the row's record key (from its stored id) comes last.
 */
function rowParams(rules: SheetRules, roundId: string, engine: Engine, secret: string | null): (values: ConvertedRow) => unknown[] {
  const steps: ((values: ConvertedRow, out: unknown[]) => void)[] = [];
  for (const c of rules.columns) {
    const column = c.column;
    switch (c.store.kind) {
      case 'own-id':
        steps.unshift((v, out) => out.push(`${roundId}:${v[column] as string}`, roundId, v[column]));
        break;
      case 'ref-id':
        steps.push((v, out) => out.push(`${roundId}:${v[column] as string}`));
        break;
      case 'column':
        if (c.type.kind === 'yes-no') steps.push((v, out) => out.push(dbBoolean(engine, v[column] as boolean | null)));
        else steps.push((v, out) => out.push(v[column]));
        break;
      case 'choice':
        break;
    }
  }
  const keyOf = secret === null ? null : recordKeyer(secret);
  return (values) => {
    const out: unknown[] = [];
    for (const step of steps) step(values, out);
    if (keyOf) out.push(keyOf(out[0] as string));
    return out;
  };
}
