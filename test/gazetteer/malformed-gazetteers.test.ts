import { readFileSync } from 'node:fs';
import { openTestDb, OpenDb, removeTempDirs } from '../import/support';
import { cli, ECUADOR_TABLE, locationTable, tableVariant } from './support';

/** Replaces a cell of the Ecuador table (row numbers as a spreadsheet shows them: header 1, HXL row 2). */
function setCell(text: string, row: number, column: string, value: string): string {
  const lines = text.split('\r\n');
  const at = lines[0].replace('\uFEFF', '').split(',').indexOf(column);
  const cells = lines[row - 1].split(',');
  cells[at] = value;
  lines[row - 1] = cells.join(',');
  return lines.join('\r\n');
}

describe('Gazetteers: malformed COD-AB tables are refused with exact errors and change nothing', () => {
  let db: OpenDb;
  let before: { rows: number; sha256: string };
  beforeAll(async () => {
    db = await openTestDb();
    before = await locationTable(db.ds);
  });
  afterAll(async () => {
    await db.close();
    removeTempDirs();
  });
  afterEach(async () => {
    expect(await locationTable(db.ds)).toEqual(before);
  });

  async function refused(file: string, ...violations: string[]) {
    const n = violations.length;
    expect(await cli(db.db, 'locations', 'import', file)).toEqual({
      code: 1,
      out: `${file} was not loaded: ${n} violation${n === 1 ? '' : 's'}.\n${violations.map((v) => `  - ${v}\n`).join('')}Nothing was written.\n`,
      err: '',
    });
  }

  it('refuses a table without an ADM1_PCODE column', async () => {
    const file = tableVariant('no-pcode.csv', (t) => t.replace('ADM1_PCODE', 'ADM1_CODE'));
    await refused(file, 'no-pcode.csv, row 1: lacks the column ADM1_PCODE (the p-code of the admin-1 area) [header]');
  });

  it('refuses a table without a name column', async () => {
    const file = tableVariant('no-names.csv', (t) => t.replace('ADM1_ES,ADM1_EN', 'NAME_ES,NAME_EN'));
    await refused(file, 'no-names.csv, row 1: has no name column ADM1_<LANG> (such as ADM1_ES or ADM1_EN) [header]');
  });

  it('refuses a p-code that appears twice, naming both rows', async () => {
    // Row 6 is Pichincha (EC17); Guayas on row 5 takes its p-code.
    const file = tableVariant('duplicate.csv', (t) => setCell(t, 5, 'ADM1_PCODE', 'EC17'));
    await refused(file, 'duplicate.csv, row 6, column ADM1_PCODE, value "EC17": appears already on row 5: each admin-1 area takes one row [duplicate]');
  });

  it('refuses a p-code of another country', async () => {
    const file = tableVariant('peru-pcode.csv', (t) => setCell(t, 4, 'ADM1_PCODE', 'PE24'));
    await refused(
      file,
      'peru-pcode.csv, row 4, column ADM1_PCODE, value "PE24": must be a p-code of EC: EC followed by letters or digits, at most 20 characters [pcode]',
    );
  });

  it('refuses rows of two countries in one table', async () => {
    const file = tableVariant('two-countries.csv', (t) => setCell(t, 7, 'ADM0_PCODE', 'PE'));
    await refused(file, 'two-countries.csv, row 7, column ADM0_PCODE, value "PE": must be EC, as on the first row: a table holds the areas of one country [country]');
  });

  it('refuses an ADM0_PCODE that is an ISO3 code rather than the ISO2 code COD-AB writes', async () => {
    const file = tableVariant('iso3.csv', (t) => t.replace(/,EC,/g, ',ECU,'));
    const row = (n: number) => `iso3.csv, row ${n}, column ADM0_PCODE, value "ECU": must be the ISO 3166-1 alpha-2 code of a country (e.g. EC), as COD-AB writes it [country]`;
    await refused(file, row(3), row(4), row(5), row(6), row(7));
  });

  it('refuses an empty name, naming its language column', async () => {
    const file = tableVariant('empty-name.csv', (t) => setCell(t, 5, 'ADM1_EN', ''));
    await refused(file, 'empty-name.csv, row 5, column ADM1_EN, value "": is required: the name of the area in this language [required]');
  });

  it('refuses a file that is not UTF-8, with the line of the first bad byte', async () => {
    const text = readFileSync(ECUADOR_TABLE, 'utf8').replace('\uFEFF', '');
    const file = tableVariant('latin1.csv', () => Buffer.from(text, 'latin1'));
    // In Latin-1 the á of Galápagos (line 7) is the byte 0xe1; every character before it is ASCII, one byte each.
    await refused(file, `latin1.csv, row 7: is not UTF-8 (byte 0xe1 at offset ${text.indexOf('á')}): save the file as UTF-8 [encoding]`);
  });
});
