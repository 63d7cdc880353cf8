import { importBundle } from '../../src/import/import-round';
import { removeTempDirs } from '../import/support';
import { startTestHub, TestHub } from '../support/hub';
import { cli, ECUADOR_TABLE, ecuadorRound, locationTable, tableVariant } from './support';

const HINT = 'if the area is missing, load the COD-AB table of ECU with `dtm-hub locations import`';

describe('Gazetteers: a country the hub does not ship, from its COD-AB table to a round', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(async () => {
    await t.close();
    removeTempDirs();
  });

  const messages = async (bundle: string, dryRun = true) => {
    const result = await importBundle(t.ds, bundle, { dryRun });
    return result.ok ? result : result.violations.map((v) => v.message);
  };

  it('resolves Ecuador by its ISO 3166-2 subdivisions before any COD-AB table is loaded', async () => {
    // ISO 3166-2:EC lists Carchi as EC-C and Pichincha as EC-P.
    const result = await importBundle(t.ds, ecuadorRound(1, 'carchi', 'EC-P'), { dryRun: true });
    expect(result.ok).toBe(true);
    const areas = await t.exec('{ locations(country: "ECU", level: ADMIN1) { pcode name source } }');
    expect(areas.data!.locations).toHaveLength(24);
    expect(areas.data!.locations).toContainEqual({ pcode: 'EC-P', name: 'Pichincha', source: 'ISO_3166_2' });
  });

  it('refuses the COD-AB p-codes of Ecuador until its table is loaded, with the hint to load it', async () => {
    // Every ISO code EC-? is two edits from EC04: the first three areas by name are the closest.
    expect(await messages(ecuadorRound(1, 'EC04', 'Pichincha'))).toEqual([
      `round.json, key surveyPoints.0.admin1Pcode, value "EC04": must be the p-code, ISO 3166-2 code or name of an admin-1 area of ECU; closest: Azuay (EC-A), Bolívar (EC-B), Cañar (EC-F); ${HINT} [location]`,
    ]);
  });

  it('loads the table through the command line: a dry run first, then for real', async () => {
    const before = await locationTable(t.ds);
    expect(await cli(t.db, 'locations', 'import', ECUADOR_TABLE, '--dry-run')).toMatchObject({
      code: 0,
      out: `Dry run: ${ECUADOR_TABLE} is valid (ECU: 5 admin-1 areas, 0 admin-2 areas (5 added, 24 removed; 5 ISO 3166-2 codes kept as aliases)). Nothing was written.\n`,
    });
    expect(await locationTable(t.ds)).toEqual(before);
    const loaded = await cli(t.db, 'locations', 'import', ECUADOR_TABLE);
    expect(loaded.code).toBe(0);
    expect(loaded.out).toBe('Loaded the areas of ECU: 5 admin-1 areas, 0 admin-2 areas (5 added, 24 removed; 5 ISO 3166-2 codes kept as aliases).\n');
    // The table has 5 of Ecuador's 24 provinces: the ISO codes of the other 19 are named.
    expect(loaded.err).toBe(
      'warning: no area of ECU has the name of the ISO 3166-2 subdivisions EC-A, EC-B, EC-D, EC-E, EC-F, EC-H, EC-I, EC-L, EC-M, EC-N, EC-R, EC-S, EC-SD, EC-SE, EC-T, EC-U, EC-X, EC-Y, EC-Z: these codes are not accepted on import\n',
    );
  });

  it('shows the loaded areas with their names in every language and their ISO 3166-2 alias', async () => {
    const res = await t.exec('{ locations(country: "ECU", level: ADMIN1) { pcode name isoCode source names { language name } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.locations).toEqual([
      { pcode: 'EC04', name: 'Carchi', isoCode: 'EC-C', source: 'COD_AB', names: [{ language: 'es', name: 'Carchi' }, { language: 'en', name: 'Carchi' }] },
      { pcode: 'EC07', name: 'El Oro', isoCode: 'EC-O', source: 'COD_AB', names: [{ language: 'es', name: 'El Oro' }, { language: 'en', name: 'El Oro' }] },
      { pcode: 'EC09', name: 'Guayas', isoCode: 'EC-G', source: 'COD_AB', names: [{ language: 'es', name: 'Guayas' }, { language: 'en', name: 'Guayas' }] },
      { pcode: 'EC17', name: 'Pichincha', isoCode: 'EC-P', source: 'COD_AB', names: [{ language: 'es', name: 'Pichincha' }, { language: 'en', name: 'Pichincha' }] },
      {
        pcode: 'EC20',
        name: 'Galápagos',
        isoCode: 'EC-W',
        source: 'COD_AB',
        names: [
          { language: 'es', name: 'Galápagos' },
          { language: 'en', name: 'Galapagos Islands' },
        ],
      },
    ]);
  });

  it('imports an Ecuador round whose places are p-codes, ISO codes and names in either language, and reads it back', async () => {
    expect((await importBundle(t.ds, ecuadorRound(1, 'EC04', 'pichincha'))).ok).toBe(true);
    expect((await importBundle(t.ds, ecuadorRound(2, 'ec-o', 'GALAPAGOS ISLANDS'))).ok).toBe(true);
    const res = await t.exec(
      '{ a: round(country: "ECU", number: 1) { surveyPoints { code admin1Pcode } } b: round(country: "ECU", number: 2) { surveyPoints { code admin1Pcode } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      a: { surveyPoints: [{ code: 'cebaf_tumbes', admin1Pcode: 'EC04' }, { code: 'lima_terminal', admin1Pcode: 'EC17' }] },
      b: { surveyPoints: [{ code: 'cebaf_tumbes', admin1Pcode: 'EC07' }, { code: 'lima_terminal', admin1Pcode: 'EC20' }] },
    });
  });

  it('resolves the Location entity of a loaded p-code for the federated graph', async () => {
    const res = await t.exec(
      'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Location { pcode name countryIso3 rounds { id } } } }',
      { reps: [{ __typename: 'Location', pcode: 'EC17' }, { __typename: 'Location', pcode: 'EC20' }] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      { pcode: 'EC17', name: 'Pichincha', countryIso3: 'ECU', rounds: [{ id: 'Round:ECU-1' }] },
      { pcode: 'EC20', name: 'Galápagos', countryIso3: 'ECU', rounds: [{ id: 'Round:ECU-2' }] },
    ]);
  });

  it('refuses a place in no gazetteer, naming the closest areas and the hint', async () => {
    expect(await messages(ecuadorRound(3, 'EC04', 'Pichinca'))).toEqual([
      `round.json, key surveyPoints.1.admin1Pcode, value "Pichinca": must be the p-code, ISO 3166-2 code or name of an admin-1 area of ECU; closest: Pichincha (EC17), Carchi (EC04), El Oro (EC07); ${HINT} [location]`,
    ]);
  });

  it('loads the same table again without changing a row', async () => {
    const before = await locationTable(t.ds);
    const again = await cli(t.db, 'locations', 'import', ECUADOR_TABLE, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ dryRun: false, ok: true, country: 'ECU', counts: { admin1: 5, admin2: 0, added: 0, removed: 0, isoAliases: 5 } });
    expect(await locationTable(t.ds)).toEqual(before);
  });

  it('refuses a table that would remove p-codes used by rounds, naming the rounds, and changes nothing', async () => {
    const before = await locationTable(t.ds);
    // Without El Oro (EC07, round 2) and Pichincha (EC17, round 1).
    const file = tableVariant('ec-adm1.csv', (text) => text.split('\r\n').filter((l) => !/,EC07,|,EC17,/.test(l)).join('\r\n'));
    expect(await cli(t.db, 'locations', 'import', file)).toEqual({
      code: 1,
      out:
        `${file} was not loaded: 2 violations.\n` +
        '  - ec-adm1.csv, column ADM1_PCODE, value "EC07": is used by round ECU-2 (survey points or respondents\' places) and the table lacks it: keep it in the table, or replace those rounds first [in-use]\n' +
        '  - ec-adm1.csv, column ADM1_PCODE, value "EC17": is used by round ECU-1 (survey points or respondents\' places) and the table lacks it: keep it in the table, or replace those rounds first [in-use]\n' +
        'Nothing was written.\n',
      err: '',
    });
    expect(await locationTable(t.ds)).toEqual(before);
  });
});
