import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { importBundle } from '../../src/import/import-round';
import { ADMIN1_AREAS } from '../../src/modules/location/location.data';
import { bundleVariant, removeTempDirs, tempDir } from '../import/support';
import { startTestHub, TestHub } from '../support/hub';
import { cli, locationTable } from './support';

const SHIPPED = path.join(__dirname, '..', '..', 'seeds', 'gazetteers');

/** The data rows of a shipped table as plain cells (the shipped tables quote nothing). */
function rowsOf(file: string): Record<string, string>[] {
  const [header, , ...rows] = readFileSync(path.join(SHIPPED, file), 'utf8').trim().split('\n');
  const names = header.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((cell, i) => [names[i], cell])));
}

describe('Gazetteers: the tables the hub ships, and every other country by ISO 3166-2', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(async () => {
    await t.close();
    removeTempDirs();
  });

  it.each([
    ['PE.csv', 'PER'],
    ['VE.csv', 'VEN'],
  ] as const)('ships %s with the p-codes, names and spellings of the first locations migration', (file, iso3) => {
    const rows = rowsOf(file);
    expect(rows.map((r) => [r.ADM1_PCODE, r.ADM1_ES])).toEqual(ADMIN1_AREAS[iso3].map((a) => [a.pcode, a.name]));
    for (const a of ADMIN1_AREAS[iso3]) {
      const row = rows.find((r) => r.ADM1_PCODE === a.pcode)!;
      const alternates = Object.entries(row).filter(([k, v]) => k.startsWith('ADM1ALT') && v !== '').map(([, v]) => v);
      expect(alternates).toEqual(expect.arrayContaining(a.aliases ?? []));
    }
  });

  it('loads the shipped tables through the same path as a user table: loading them again changes nothing', async () => {
    const before = await locationTable(t.ds);
    for (const file of ['PE.csv', 'VE.csv']) {
      const res = await cli(t.db, 'locations', 'import', path.join(SHIPPED, file), '--json');
      expect(res.code).toBe(0);
      expect(JSON.parse(res.out)).toMatchObject({ ok: true, counts: { admin1: 25, admin2: 0, added: 0, removed: 0 } });
    }
    expect(await locationTable(t.ds)).toEqual(before);
  });

  it('keeps the ISO 3166-2 codes of the shipped areas as aliases, matched by name', async () => {
    const res = await t.exec('{ a: location(pcode: "PE07") { isoCode source } b: location(pcode: "PE15") { isoCode } c: location(pcode: "VE24") { isoCode } }');
    // ISO 3166-2:PE writes Callao "El Callao" (PE-CAL); ISO 3166-2:VE codes La Guaira VE-X.
    expect(res.data).toEqual({ a: { isoCode: 'PE-CAL', source: 'COD_AB' }, b: { isoCode: 'PE-LIM' }, c: { isoCode: 'VE-X' } });
  });

  it('gives a country without a COD-AB table its ISO 3166-2 subdivisions, and imports a round there by name', async () => {
    const res = await t.exec('{ locations(country: "COL", level: ADMIN1) { pcode name source } }');
    // Colombia: 32 departments and the capital district of Bogotá.
    expect(res.data!.locations).toHaveLength(33);
    expect(res.data!.locations).toContainEqual({ pcode: 'CO-NSA', name: 'Norte de Santander', source: 'ISO_3166_2' });
    const round = JSON.parse(readFileSync(path.join(bundleVariant({}), 'round.json'), 'utf8'));
    round.country = 'COL';
    round.surveyPoints[0].admin1Pcode = 'norte de santander';
    round.surveyPoints[1].admin1Pcode = 'CO-ANT';
    const result = await importBundle(t.ds, bundleVariant({ 'round.json': JSON.stringify(round) }));
    expect(result.ok).toBe(true);
    const points = await t.exec('{ round(country: "COL", number: 7) { surveyPoints { admin1Pcode } } }');
    expect(points.data!.round.surveyPoints).toEqual([{ admin1Pcode: 'CO-NSA' }, { admin1Pcode: 'CO-ANT' }]);
  });

  it('loads admin-2 areas when the table has ADM2_PCODE, each under its admin-1 area', async () => {
    const file = path.join(tempDir('dtm-gazetteer-'), 'ec-adm2.csv');
    writeFileSync(
      file,
      [
        'ADM2_ES,ADM2_PCODE,ADM1_ES,ADM1_PCODE,ADM0_ES,ADM0_PCODE',
        'Tulcán,EC0401,Carchi,EC04,Ecuador,EC',
        'Quito,EC1701,Pichincha,EC17,Ecuador,EC',
        'Cayambe,EC1702,Pichincha,EC17,Ecuador,EC',
      ].join('\n'),
    );
    expect((await cli(t.db, 'locations', 'import', file)).out).toBe(
      'Loaded the areas of ECU: 2 admin-1 areas, 3 admin-2 areas (5 added, 24 removed; 2 ISO 3166-2 codes kept as aliases).\n',
    );
    const res = await t.exec('{ a: locations(country: "ECU", level: ADMIN1) { pcode name } b: locations(country: "ECU", level: ADMIN2) { pcode name parentPcode } }');
    expect(res.data).toEqual({
      a: [
        { pcode: 'EC04', name: 'Carchi' },
        { pcode: 'EC17', name: 'Pichincha' },
      ],
      b: [
        { pcode: 'EC0401', name: 'Tulcán', parentPcode: 'EC04' },
        { pcode: 'EC1701', name: 'Quito', parentPcode: 'EC17' },
        { pcode: 'EC1702', name: 'Cayambe', parentPcode: 'EC17' },
      ],
    });
  });
});
