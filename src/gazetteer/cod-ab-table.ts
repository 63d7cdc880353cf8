import { createReadStream } from 'node:fs';
import path from 'node:path';
import countries from '../common/iso-countries';
import { CsvSyntaxError, CsvTokenizer } from '../csv/csv-tokenizer';
import { lineOfOffset, Utf8Decoder } from '../csv/utf8-guard';
import { ViolationLog } from '../csv/violations';

/** One area of a COD-AB table, with its names by language code (`es`, `en`, ...). */
export interface GazetteerArea {
  pcode: string;
  level: 'admin1' | 'admin2';
  /** The admin-1 p-code an admin-2 area lies in; null for admin-1 areas. */
  parentPcode: string | null;
  /** The first name column of the table is the area's name; the others are translations. */
  names: Record<string, string>;
  /** Alternative names (`ADM1ALT1ES`, ...), resolved on import but not shown as names. */
  alternates: string[];
}

/** A country's administrative areas as read from a COD-AB tabular CSV. */
export interface GazetteerTable {
  iso2: string;
  iso3: string;
  areas: GazetteerArea[];
}

const MAX_PCODE = 20;
const MAX_NAME = 120;
const PCODE = /^[A-Z]{2}[A-Z0-9]+$/;

/** Name, alternate-name and p-code columns of one level, found in a header. */
interface LevelColumns {
  pcode: number;
  names: [lang: string, index: number][];
  alternates: number[];
}

function levelColumns(header: string[], level: 1 | 2): LevelColumns | null {
  const pcode = header.indexOf(`ADM${level}_PCODE`);
  const names: [string, number][] = [];
  const alternates: number[] = [];
  header.forEach((h, i) => {
    const name = new RegExp(`^ADM${level}_([A-Z]{2})$`).exec(h);
    if (name) names.push([name[1].toLowerCase(), i]);
    else if (new RegExp(`^ADM${level}ALT\\d+_?[A-Z]{2}$`).test(h)) alternates.push(i);
  });
  return pcode < 0 ? null : { pcode, names, alternates };
}

/** True for the HXL hashtag row COD-AB files carry under the header (`#adm1+name`, ...). */
const isHxlRow = (cells: string[]) => cells.some((c) => c.trim() !== '') && cells.every((c) => c.trim() === '' || c.trim().startsWith('#'));

async function readRecords(file: string, log: ViolationLog): Promise<string[][] | null> {
  const name = path.basename(file);
  const decoder = new Utf8Decoder();
  const tokenizer = new CsvTokenizer();
  const records: string[][] = [];
  try {
    for await (const chunk of createReadStream(file)) {
      const { text, error } = decoder.decode(chunk as Buffer);
      tokenizer.push(text, records);
      if (error) {
        const line = await lineOfOffset(file, error.offset);
        log.add({ file: name, row: line, rule: 'encoding', problem: `is not UTF-8 (byte 0x${(error.byte ?? 0).toString(16).padStart(2, '0')} at offset ${error.offset}): save the file as UTF-8` });
        return null;
      }
    }
    const unfinished = decoder.end();
    if (unfinished) {
      log.add({ file: name, row: await lineOfOffset(file, unfinished.offset), rule: 'encoding', problem: 'ends inside a UTF-8 character: save the file as UTF-8' });
      return null;
    }
    tokenizer.end(records);
  } catch (e) {
    if (e instanceof CsvSyntaxError) {
      log.add({ file: name, row: e.record, rule: 'csv', problem: e.message });
      return null;
    }
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      log.add({ file: name, rule: 'file', problem: 'does not exist' });
      return null;
    }
    throw e;
  }
  // A blank last line is not a record.
  while (records.length > 0 && records[records.length - 1].every((c) => c.trim() === '')) records.pop();
  return records;
}

/**
 * Reads and checks a COD-AB tabular CSV as HDX publishes it: `ADM0_PCODE` (ISO2), `ADM1_PCODE`,
 * `ADM1_<LANG>` names, optionally `ADM2_PCODE` and `ADM2_<LANG>`; other columns are ignored.
 * Every broken rule goes to `log`; the table is returned only when there is none.
 */
export async function readCodAbTable(file: string, log: ViolationLog): Promise<GazetteerTable | null> {
  const name = path.basename(file);
  const records = await readRecords(file, log);
  if (!records) return null;
  if (records.length === 0) {
    log.add({ file: name, row: 1, rule: 'header', problem: 'is empty: a COD-AB table starts with a header row (ADM0_PCODE, ADM1_PCODE, ADM1_ES, ...)' });
    return null;
  }
  const header = records[0].map((h) => h.trim().toUpperCase());
  const adm0 = header.indexOf('ADM0_PCODE');
  const adm1 = levelColumns(header, 1);
  const adm2 = levelColumns(header, 2);
  const missing: string[] = [];
  if (adm0 < 0) missing.push('lacks the column ADM0_PCODE (the ISO2 code of the country)');
  if (!adm1) missing.push('lacks the column ADM1_PCODE (the p-code of the admin-1 area)');
  if (adm1 && adm1.names.length === 0) missing.push('has no name column ADM1_<LANG> (such as ADM1_ES or ADM1_EN)');
  if (adm2 && adm2.names.length === 0) missing.push('has no name column ADM2_<LANG> for ADM2_PCODE (such as ADM2_ES)');
  for (const problem of missing) log.add({ file: name, row: 1, rule: 'header', problem });
  if (missing.length > 0 || !adm1) return null;

  const first = records.length > 1 && isHxlRow(records[1]) ? 2 : 1;
  let iso2: string | null = null;
  const areas = new Map<string, { area: GazetteerArea; row: number }>();
  for (let r = first; r < records.length; r++) {
    const row = r + 1;
    const cells = records[r];
    const cell = (i: number) => (cells[i] ?? '').trim();
    const fail = (column: string, value: string, rule: string, problem: string) => log.add({ file: name, row, column, value, rule, problem });

    const country = cell(adm0).toUpperCase();
    if (!countries.isValid(country) || country.length !== 2) {
      fail('ADM0_PCODE', cell(adm0), 'country', 'must be the ISO 3166-1 alpha-2 code of a country (e.g. EC), as COD-AB writes it');
      continue;
    }
    if (iso2 === null) iso2 = country;
    else if (country !== iso2) {
      fail('ADM0_PCODE', cell(adm0), 'country', `must be ${iso2}, as on the first row: a table holds the areas of one country`);
      continue;
    }

    const readLevel = (level: 1 | 2, cols: LevelColumns, parent: string | null): GazetteerArea | null => {
      const pcode = cell(cols.pcode).toUpperCase();
      const column = `ADM${level}_PCODE`;
      let ok = true;
      if (pcode === '') {
        fail(column, cell(cols.pcode), 'required', 'is required: the p-code of the area');
        ok = false;
      } else if (!pcode.startsWith(iso2!) || !PCODE.test(pcode) || pcode.length > MAX_PCODE) {
        fail(column, cell(cols.pcode), 'pcode', `must be a p-code of ${iso2}: ${iso2} followed by letters or digits, at most ${MAX_PCODE} characters`);
        ok = false;
      }
      const names: Record<string, string> = {};
      for (const [lang, i] of cols.names) {
        const text = cell(i);
        if (text === '') {
          fail(header[i], text, 'required', 'is required: the name of the area in this language');
          ok = false;
        } else if (text.length > MAX_NAME) {
          fail(header[i], text, 'length', `must be at most ${MAX_NAME} characters`);
          ok = false;
        } else names[lang] = text;
      }
      const alternates = cols.alternates.map(cell).filter((a) => a !== '');
      return ok ? { pcode, level: level === 1 ? 'admin1' : 'admin2', parentPcode: parent, names, alternates } : null;
    };

    const area1 = readLevel(1, adm1, null);
    const area2 = adm2 && area1 ? readLevel(2, adm2, area1.pcode) : null;
    if (!area1 || (adm2 && !area2)) continue;
    const seen = areas.get(area1.pcode);
    if (!seen) areas.set(area1.pcode, { area: area1, row });
    // In an admin-2 table each admin-1 area repeats on the rows of its admin-2 areas.
    else if (!adm2) fail('ADM1_PCODE', area1.pcode, 'duplicate', `appears already on row ${seen.row}: each admin-1 area takes one row`);
    else if (JSON.stringify(seen.area.names) !== JSON.stringify(area1.names)) {
      fail('ADM1_PCODE', area1.pcode, 'consistent', `is named differently on row ${seen.row}: an admin-1 area has one name per language`);
    }
    if (area2) {
      const other = areas.get(area2.pcode);
      if (other) fail('ADM2_PCODE', area2.pcode, 'duplicate', `appears already on row ${other.row}: each admin-2 area takes one row`);
      else areas.set(area2.pcode, { area: area2, row });
    }
  }
  if (iso2 === null && log.empty) log.add({ file: name, row: first + 1, rule: 'required', problem: 'has no areas: a COD-AB table lists at least one admin-1 area' });
  if (!log.empty || iso2 === null) return null;
  return { iso2, iso3: countries.alpha2ToAlpha3(iso2)!, areas: [...areas.values()].map((a) => a.area) };
}
