import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

const NUMERIC = new Set(['age', 'travel_days', 'trip_cost_usd', 'months_in_peru', 'monthly_income_usd', 'travelling_size', 'travelling_children', 'members_in_venezuela', 'children_in_venezuela']);

/**
 * Writes a folder bundle as an XLSX workbook the way Excel users hold it: numbers as numeric
 * cells, interview dates as date cells, the round as key/value rows.
 */
export async function writeWorkbook(
  folder: string,
  file: string,
  options: { sheetNames?: Partial<Record<string, string>>; hxl?: Partial<Record<string, string[]>>; datesAsSerials?: boolean } = {},
): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const name = (s: string) => options.sheetNames?.[s] ?? s;
  const round = JSON.parse(readFileSync(path.join(folder, 'round.json'), 'utf8')) as Record<string, unknown>;
  const roundSheet = wb.addWorksheet(name('round'));
  roundSheet.addRow(['key', 'value']);
  // Excel stores dates as days since 1899-12-30; a cell without a date format shows that number.
  const serial = (iso: string) => (Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) - Date.UTC(1899, 11, 30)) / 86_400_000;
  for (const [k, v] of Object.entries(round)) {
    if (k === 'surveyPoints') continue;
    roundSheet.addRow([k, options.datesAsSerials && /^fieldwork/.test(k) ? serial(String(v)) : v]);
  }
  const points = wb.addWorksheet(name('survey_points'));
  points.addRow(['code', 'name', 'kind', 'direction', 'admin1_pcode', 'border_with']);
  for (const p of round.surveyPoints as Record<string, string | null>[]) {
    points.addRow([p.code, p.name, p.kind, p.direction, p.admin1Pcode, p.borderWith]);
  }
  for (const sheet of ['respondents', 'households', 'children']) {
    const rows = parse(readFileSync(path.join(folder, `${sheet}.csv`)), { bom: true }) as string[][];
    const [header, ...body] = rows;
    const ws = wb.addWorksheet(name(sheet));
    ws.addRow(header);
    const tags = options.hxl?.[sheet];
    if (tags) ws.addRow(tags);
    for (const row of body) {
      ws.addRow(
        row.map((v, i) => {
          const column = header[i];
          if (v === '') return null;
          if (NUMERIC.has(column)) return Number(v);
          if (column === 'interview_date') return options.datesAsSerials ? serial(v) : new Date(`${v}T00:00:00Z`);
          return v;
        }),
      );
    }
  }
  await wb.xlsx.writeFile(file);
}
