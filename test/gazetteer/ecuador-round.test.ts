import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { importBundle } from '../../src/import/import-round';
import { SEEDS_DIR } from '../../src/provisioning/seed-database';
import { setCell } from '../import/support';
import { startTestHub, TestHub } from '../support/hub';
import { cli, ECUADOR_TABLE, ecuadorRound } from './support';

/**
 * A country the hub does not ship, end to end: load Ecuador's COD-AB table, import an Ecuador
 * round whose survey points and destinations use its p-codes, ISO 3166-2 codes and names, and
 * query it beside Peru's round 4. Expected groups are counted by hand from the bundle's rows
 * (test/import/fixtures/valid-round: five respondents, three at the border point, two in the city).
 */
describe('Gazetteers: an Ecuador round from a clean hub to grouped stats', () => {
  let t: TestHub;
  let bundle: string;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
    expect((await cli(t.db, 'locations', 'import', ECUADOR_TABLE)).code).toBe(0);
    bundle = ecuadorRound(3, 'EC04', 'Pichincha');
    const file = path.join(bundle, 'respondents.csv');
    let text = readFileSync(file, 'utf8');
    // r1 -> Pichincha by name, r3 -> Guayas by ISO 3166-2 code, r5 -> El Oro by p-code in lower case.
    text = setCell(setCell(text, 2, 'destination_country', 'ECU'), 2, 'destination_region', 'Pichincha');
    text = setCell(setCell(text, 4, 'destination_country', 'ECU'), 4, 'destination_region', 'EC-G');
    text = setCell(text, 6, 'destination_region', 'ec07');
    writeFileSync(file, text);
    const result = await importBundle(t.ds, bundle);
    expect(result.ok ? [] : result.violations.map((v) => v.message)).toEqual([]);
  });
  afterAll(() => t.close());

  const stats = async (filter: string, groupBy: string) =>
    (await t.exec(`{ respondentStats(filter: ${filter}, groupBy: [${groupBy}]) { total groups { keys { code label } count } } }`, {}, 'partner')).data!
      .respondentStats;
  const groups = (s: any) => s.groups.map((g: any) => [g.keys[0].code, g.keys[0].label, g.count]);

  it('groups the Ecuador round by the department of its survey points', async () => {
    const s = await stats('{ country: "ECU", round: 3 }', 'SURVEY_POINT_REGION');
    expect(s.total).toBe(5);
    expect(groups(s)).toEqual([
      ['EC04', 'Carchi', 3],
      ['EC17', 'Pichincha', 2],
    ]);
  });

  it('groups it by destination region, an area of the destination country whatever it is', async () => {
    const s = await stats('{ country: "ECU", round: 3 }', 'DESTINATION_REGION');
    expect(new Set(groups(s).map((g: unknown[]) => JSON.stringify(g)))).toEqual(
      new Set([['EC17', 'Pichincha', 1], ['EC09', 'Guayas', 1], ['EC07', 'El Oro', 1], [null, 'No answer', 2]].map((g) => JSON.stringify(g))),
    );
  });

  it('groups the rounds of both countries by COUNTRY', async () => {
    const peru = (parse(readFileSync(path.join(SEEDS_DIR, 'per-round-4', 'respondents.csv'), 'utf8'), { columns: true }) as unknown[]).length;
    const s = await stats('{}', 'COUNTRY');
    expect(groups(s)).toEqual(expect.arrayContaining([['ECU', 'Ecuador', 5], ['PER', 'Peru', peru]]));
    const rounds = (await t.exec('{ rounds(country: "ECU") { id country number } }')).data!.rounds;
    expect(rounds).toEqual([{ id: 'Round:ECU-3', country: 'ECU', number: 3 }]);
    const areas = (await t.exec('{ locations(country: "ECU", level: ADMIN1) { pcode name } }')).data!.locations;
    expect(areas).toEqual(expect.arrayContaining([{ pcode: 'EC17', name: 'Pichincha' }]));
  });

  it('refuses a destination region with no destination country, and one outside it, naming the closest areas', async () => {
    const file = path.join(bundle, 'respondents.csv');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, setCell(setCell(good, 2, 'destination_country', ''), 3, 'destination_region', 'Pichincha'));
    const result = await importBundle(t.ds, bundle, { dryRun: true });
    writeFileSync(file, good);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const [noCountry, outside] = result.violations.map((v) => v.message);
    expect(noCountry).toBe('respondents.csv, row 2, column destination_region, value "Pichincha": needs destination_country: it is an area of that country [only-when]');
    // Row 3 goes to Chile (CHL): three Chilean regions are offered, and the way to add a missing one.
    expect(outside).toMatch(
      /^respondents\.csv, row 3, column destination_region, value "Pichincha": must be the p-code, ISO 3166-2 code or name of an admin-1 area of CHL; closest: [^;]+ \(CL-[A-Z]+\), [^;]+ \(CL-[A-Z]+\), [^;]+ \(CL-[A-Z]+\); if the area is missing, load the COD-AB table of CHL with `dtm-hub locations import` \[location\]$/,
    );
    expect(result.violations).toHaveLength(2);
  });
});
