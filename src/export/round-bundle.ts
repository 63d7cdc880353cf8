import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { roundId as makeRoundId } from '../modules/round/round.entity';
import { CsvFileWriter } from '../import/csv-writer';
import { SHEET_RULES, SheetRules, TABLE_SHEETS, type TableSheet } from '../import/rules';
import { engineOf } from '../import/writer';

export class RoundNotFoundError extends Error {
  constructor(readonly roundId: string) {
    super(`round ${roundId} does not exist`);
    this.name = 'RoundNotFoundError';
  }
}

export interface ExportResult {
  roundId: string;
  counts: Record<TableSheet, number>;
}

const PAGE = 2000;

/**
 * Writes a round back out as a folder bundle (round.json + the three CSV files) that imports to
 * identical data. Rows are read page by page in id order, so memory does not grow with the round.
 */
export async function exportRound(dataSource: DataSource, country: string, number: number, folder: string): Promise<ExportResult> {
  const rid = makeRoundId(country, number);
  const p = engineOf(dataSource) === 'postgres' ? (i: number) => `$${i}` : () => '?';
  const dateText = (c: string) => `CAST("${c}" AS VARCHAR(10))`;
  const [round] = (await dataSource.query(
    `SELECT "country", "number", "name", ${dateText('fieldwork_start')} AS "fieldwork_start", ${dateText('fieldwork_end')} AS "fieldwork_end",
            ${dateText('published_on')} AS "published_on", "data_kind", "caveat", "source_url"
       FROM "round" WHERE "id" = ${p(1)}`,
    [rid],
  )) as Record<string, string | number | null>[];
  if (!round) throw new RoundNotFoundError(rid);
  const points = (await dataSource.query(
    `SELECT "code", "name", "kind", "direction", "admin1_pcode", "border_with" FROM "survey_point" WHERE "round_id" = ${p(1)} ORDER BY "code"`,
    [rid],
  )) as Record<string, string | null>[];
  mkdirSync(folder, { recursive: true });
  const json = {
    country: round.country,
    number: Number(round.number),
    name: round.name,
    fieldworkStart: round.fieldwork_start,
    fieldworkEnd: round.fieldwork_end,
    publishedOn: round.published_on,
    dataKind: round.data_kind,
    caveat: round.caveat,
    sourceUrl: round.source_url,
    surveyPoints: points.map((sp) => ({
      code: sp.code,
      name: sp.name,
      kind: sp.kind,
      direction: sp.direction,
      admin1Pcode: sp.admin1_pcode,
      borderWith: sp.border_with,
    })),
  };
  await writeFile(path.join(folder, 'round.json'), `${JSON.stringify(json, null, 2)}\n`);
  const counts = Object.fromEntries(TABLE_SHEETS.map((s) => [s, 0])) as Record<TableSheet, number>;
  for (const sheet of TABLE_SHEETS) {
    counts[sheet] = await exportSheet(dataSource, SHEET_RULES[sheet], rid, path.join(folder, SHEET_RULES[sheet].file), p, dateText);
  }
  return { roundId: rid, counts };
}

async function exportSheet(
  dataSource: DataSource,
  rules: SheetRules,
  rid: string,
  file: string,
  p: (i: number) => string,
  dateText: (c: string) => string,
): Promise<number> {
  const prefix = `${rid}:`;
  const unprefix = (v: unknown) => (typeof v === 'string' && v.startsWith(prefix) ? v.slice(prefix.length) : String(v));
  const selects = ['"id"', '"code"'];
  for (const c of rules.columns) {
    if (c.store.kind === 'column' || c.store.kind === 'ref-id') {
      const column = c.store.column;
      selects.push(c.type.kind === 'date' ? `${dateText(column)} AS "${column}"` : `"${column}"`);
    }
  }
  const choiceColumns = rules.columns.filter((c) => c.store.kind === 'choice');
  const out = new CsvFileWriter(file, rules.columns.map((c) => c.column));
  let after = '';
  let written = 0;
  for (;;) {
    const rows = (await dataSource.query(
      `SELECT ${selects.join(', ')} FROM "${rules.table}" WHERE "round_id" = ${p(1)} AND "id" > ${p(2)} ORDER BY "id" LIMIT ${PAGE}`,
      [rid, after],
    )) as Record<string, unknown>[];
    if (rows.length === 0) break;
    const choices = new Map<string, Map<string, string[]>>();
    if (choiceColumns.length > 0) {
      const ids = rows.map((r) => r.id as string);
      const found = (await dataSource.query(
        `SELECT "respondent_id", "question", "code" FROM "respondent_choice" WHERE "respondent_id" IN (${ids.map((_, i) => p(i + 1)).join(', ')}) ORDER BY "code"`,
        ids,
      )) as { respondent_id: string; question: string; code: string }[];
      for (const f of found) {
        let byQuestion = choices.get(f.respondent_id);
        if (!byQuestion) choices.set(f.respondent_id, (byQuestion = new Map()));
        byQuestion.set(f.question, [...(byQuestion.get(f.question) ?? []), f.code]);
      }
    }
    for (const row of rows) {
      const record: Record<string, string> = {};
      for (const c of rules.columns) {
        const store = c.store;
        if (store.kind === 'own-id') record[c.column] = String(row.code);
        else if (store.kind === 'ref-id') record[c.column] = unprefix(row[store.column]);
        else if (store.kind === 'choice') record[c.column] = (choices.get(row.id as string)?.get(store.question) ?? []).join(';');
        else record[c.column] = cellText(row[store.column], c.type.kind === 'yes-no');
      }
      await out.write(record);
    }
    written += rows.length;
    after = rows[rows.length - 1].id as string;
  }
  await out.close();
  return written;
}

function cellText(v: unknown, yesNo: boolean): string {
  if (v === null || v === undefined) return '';
  if (yesNo) return v === true || v === 1 || v === '1' || v === 't' ? 'yes' : 'no';
  return String(v);
}
