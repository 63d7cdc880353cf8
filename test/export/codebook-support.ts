import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { PARTNER_KEY } from '../support/hub';

export const DDI_XSD = path.join(__dirname, '../fixtures/ddi-codebook-2.5/codebook.xsd');

export type Caller = 'public' | 'partner';

export async function getCodebook(base: string, file: string, as: Caller = 'public', headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/codebook/${file}`, { headers: { ...headers, ...(as === 'partner' ? { authorization: `Bearer ${PARTNER_KEY}` } : {}) } });
  return { res, text: await res.text() };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'codebook-'));

/** Writes an XML document to a temporary file for xmllint. */
export function xmlFile(name: string, xml: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, xml);
  return file;
}

/** xmllint's verdict on a file against the DDI Codebook 2.5 XSD, offline. */
export function validateDdi(file: string): { ok: boolean; output: string } {
  const r = spawnSync('xmllint', ['--nonet', '--noout', '--schema', DDI_XSD, file], { encoding: 'utf8' });
  if (r.error) throw new Error(`xmllint could not run (apt-get install -y libxml2-utils): ${r.error.message}`);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** The string value of an XPath 1.0 expression over a file, as xmllint (libxml2) evaluates it. */
export function xpath(file: string, expr: string): string {
  return execFileSync('xmllint', ['--nonet', '--xpath', expr, file], { encoding: 'utf8' }).trim();
}

/** XPath steps by local name: the codebook's elements are in the DDI namespace. */
export const ddi = (name: string) => `*[local-name()='${name}']`;

/** The header of a seed bundle's sheet, as the import format writes it. */
export function seedHeader(round: number, sheet: string): string[] {
  const file = path.join(__dirname, `../../seeds/per-round-${round}/${sheet}.csv`);
  return fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0].split(',');
}

/** Raw rows of one round's units: the table, and the record key each unit is counted with (docs/aggregation.md). */
export const UNIT_SQL: Record<string, { from: string; key: string }> = {
  respondents: { from: 'respondent t', key: 't.record_key' },
  households: { from: 'household t JOIN respondent rk ON rk.id = t.respondent_id', key: 'rk.record_key' },
  children: { from: 'child t', key: 't.record_key' },
};

export interface RawValue {
  value: string | number | boolean | null;
  key: number;
}

/** Every unit of a round with one column's raw value (and its record key), read with plain SQL. */
export async function rawValues(ds: DataSource, roundId: string, sheet: string, columnSql: string, join = ''): Promise<RawValue[]> {
  const u = UNIT_SQL[sheet];
  const rows: { value: unknown; key: unknown }[] = await ds.query(`SELECT ${columnSql} AS value, ${u.key} AS key FROM ${u.from} ${join} WHERE t.round_id = '${roundId}'`);
  return rows.map((r) => ({ value: r.value as RawValue['value'], key: Number(r.key) }));
}

/** Units per code, with the sum of their record keys (the cell-key method's input). */
export function tally(values: { code: string | null; key: number }[]): Map<string | null, { count: number; keySum: number }> {
  const out = new Map<string | null, { count: number; keySum: number }>();
  for (const v of values) {
    const t = out.get(v.code) ?? { count: 0, keySum: 0 };
    t.count += 1;
    t.keySum += v.key;
    out.set(v.code, t);
  }
  return out;
}

/** Booleans as both engines return them (SQLite 1/0, PostgreSQL true/false), as the yes/no codes. */
export const yesNo = (v: unknown): string | null => (v === null ? null : v === true || v === 1 || v === '1' || v === 't' ? 'yes' : 'no');
