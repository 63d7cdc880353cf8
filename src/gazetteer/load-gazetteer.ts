import path from 'node:path';
import { DataSource } from 'typeorm';
import { recordChange } from '../db/change-log';
import { Violation, ViolationLog } from '../csv/violations';
import { GazetteerTable, readCodAbTable } from './cod-ab-table';
import { currentAreas, matchIsoCodes, Queryable, replaceWithTable, roundsUsing } from './gazetteer-store';

export interface GazetteerCounts {
  admin1: number;
  admin2: number;
  /** P-codes the country had before and the table lacks (ISO 3166-2 codes included). */
  removed: number;
  /** P-codes the table adds to those the country had. */
  added: number;
  /** ISO 3166-2 codes kept as aliases of an area of the same name. */
  isoAliases: number;
}

export type GazetteerResult =
  | { ok: true; country: string; counts: GazetteerCounts; warnings: string[] }
  | { ok: false; violations: Violation[]; totalViolations: number; warnings: string[] };

export interface GazetteerOptions {
  dryRun?: boolean;
  maxReportedViolations?: number;
}

const failed = (log: ViolationLog, warnings: string[] = []): GazetteerResult => ({ ok: false, violations: log.kept, totalViolations: log.total, warnings });

/**
 * Applies a COD-AB table read from `file` to its country's areas through `q`, which must be
 * inside a transaction: a used p-code that the table would remove is a violation naming its
 * rounds, and on any violation nothing is written.
 */
export async function applyGazetteer(q: Queryable, table: GazetteerTable, file: string, log: ViolationLog, dryRun: boolean): Promise<GazetteerResult> {
  const warnings: string[] = [];

  const before = await currentAreas(q, table.iso3);
  const after = new Set(table.areas.map((a) => a.pcode));
  const removed = before.map((a) => a.pcode).filter((p) => !after.has(p));
  const used = await roundsUsing(q, removed);
  for (const pcode of removed) {
    const rounds = used.get(pcode);
    if (!rounds) continue;
    log.add({
      file: path.basename(file),
      column: 'ADM1_PCODE',
      value: pcode,
      rule: 'in-use',
      problem: `is used by round${rounds.length > 1 ? 's' : ''} ${rounds.join(', ')} (survey points or respondents' places) and the table lacks it: keep it in the table, or replace those rounds first`,
    });
  }
  if (!log.empty) return failed(log);

  const { codes, unmatched } = matchIsoCodes(table);
  if (unmatched.length > 0) {
    warnings.push(`no area of ${table.iso3} has the name of the ISO 3166-2 subdivision${unmatched.length > 1 ? 's' : ''} ${unmatched.join(', ')}: ${unmatched.length > 1 ? 'these codes are' : 'this code is'} not accepted on import`);
  }
  if (!dryRun) await replaceWithTable(q, table, codes);
  const admin1 = table.areas.filter((a) => a.level === 'admin1').length;
  const known = new Set(before.map((a) => a.pcode));
  return {
    ok: true,
    country: table.iso3,
    counts: {
      admin1,
      admin2: table.areas.length - admin1,
      removed: removed.length,
      added: table.areas.filter((a) => !known.has(a.pcode)).length,
      isoAliases: [...codes.values()].reduce((n, c) => n + c.length, 0),
    },
    warnings,
  };
}

/**
 * `dtm-hub locations import`: replaces a country's areas with its COD-AB table in one
 * transaction, or, with `dryRun`, only checks it. Violations are returned, not thrown.
 */
export async function loadGazetteer(ds: DataSource, file: string, options: GazetteerOptions = {}): Promise<GazetteerResult> {
  const log = new ViolationLog(options.maxReportedViolations ?? 100);
  // The file is read and checked before the transaction starts, so a slow disk holds no lock.
  const table = await readCodAbTable(file, log);
  if (!table) return failed(log);
  return ds.transaction(async (m) => {
    const result = await applyGazetteer(m, table, file, log, options.dryRun === true);
    if (result.ok && !options.dryRun) await recordChange(m, { kind: 'GAZETTEER_LOADED', country: table.iso3, dataset: path.basename(file) });
    return result;
  });
}
