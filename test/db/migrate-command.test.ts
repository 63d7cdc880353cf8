import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/orm/data-source';
import { createTestDatabase, TestDatabase } from '../support/database';
import { cli } from '../gazetteer/support';

const dataVersion = async (ds: DataSource) => Number((await ds.query("SELECT value FROM hub_setting WHERE key = 'data_version'"))[0].value);

describe('CLI: dtm-hub migrate', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('migrates a new database and loads every shipped dataset, saying so per dataset', async () => {
    const res = await cli(db, 'migrate');
    expect(res).toEqual({
      code: 0,
      out: 'countries: loaded\ngazetteers/PE.csv: loaded\ngazetteers/VE.csv: loaded\niso-3166-2: loaded\npublished-figures: loaded\n',
      err: '',
    });
  });

  it('finds everything current the second time', async () => {
    const res = await cli(db, 'migrate', '--json');
    expect(res.code).toBe(0);
    expect(Object.values(JSON.parse(res.out))).toEqual(['current', 'current', 'current', 'current', 'current']);
  });

  it('loads a dataset again with --reload, and bumps the data version once', async () => {
    const ds = await openDatabase(db.config);
    try {
      const before = await dataVersion(ds);
      const res = await cli(db, 'migrate', '--reload', 'published-figures', '--json');
      expect(JSON.parse(res.out)).toEqual({
        countries: 'current',
        'gazetteers/PE.csv': 'current',
        'gazetteers/VE.csv': 'current',
        'iso-3166-2': 'current',
        'published-figures': 'loaded',
      });
      expect(await dataVersion(ds)).toBe(before + 1);
    } finally {
      await ds.destroy();
    }
  });

  it('refuses a dataset name it does not ship, listing those it does', async () => {
    const res = await cli(db, 'migrate', '--reload', 'figures');
    expect(res.code).toBe(2);
    expect(res.err).toBe(
      'error: no reference dataset is named figures: the datasets are countries, gazetteers/PE.csv, gazetteers/VE.csv, iso-3166-2, published-figures\n',
    );
  });
});
