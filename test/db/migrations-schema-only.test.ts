import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { openDatabase } from '../../src/orm/data-source';
import { createTestDatabase, TestDatabase } from '../support/database';

const MIGRATIONS = path.join(__dirname, '../../src/orm/migrations');

/**
 * What a migration may import: TypeORM (its QueryRunner and schema classes), and the one SQL
 * helper of `src/orm/` that writes `ALTER TABLE ... ADD COLUMN` for a new survey question.
 */
const ALLOWED = new Set(['typeorm', '../question-columns']);

/** Every module a file names: static imports and re-exports, `require(...)` and `import(...)`. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const re of [/\bfrom\s+['"]([^'"]+)['"]/g, /\bimport\s+['"]([^'"]+)['"]/g, /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const m of source.matchAll(re)) found.push(m[1]);
  }
  return found;
}

describe('Migrations: schema statements only', () => {
  const files = readdirSync(MIGRATIONS).filter((f) => f.endsWith('.ts'));

  it('finds the migrations and reads every way a file can name a module', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    const sample = "import a from 'x';\nimport 'y';\nexport { b } from 'z';\nconst c = require('w');\nawait import('v');";
    expect(specifiers(sample).sort()).toEqual(['v', 'w', 'x', 'y', 'z']);
  });

  it.each(readdirSync(MIGRATIONS).filter((f) => f.endsWith('.ts')))('%s imports nothing but TypeORM and the column helper', (file) => {
    const named = specifiers(readFileSync(path.join(MIGRATIONS, file), 'utf8'));
    expect(named.filter((s) => !ALLOWED.has(s))).toEqual([]);
  });

  describe('on a new database', () => {
    let db: TestDatabase;
    let ds: DataSource;
    beforeAll(async () => {
      db = await createTestDatabase();
      ds = await openDatabase(db.config);
    });
    afterAll(async () => {
      await ds.destroy();
      await db.drop();
    });

    it('leaves every data table empty: the reference data is not theirs to load', async () => {
      const counts: Record<string, number> = {};
      for (const table of ['location', 'published_figure', 'flow_statistic', 'round', 'respondent', 'partner_key', 'reference_dataset']) {
        counts[table] = Number((await ds.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
      }
      expect(counts).toEqual({ location: 0, published_figure: 0, flow_statistic: 0, round: 0, respondent: 0, partner_key: 0, reference_dataset: 0 });
    });

    it('makes the settings the schema needs: a 256-bit record-key secret in hex and the data version 0, and asks for no backfill', async () => {
      const rows = (await ds.query('SELECT key, value FROM hub_setting ORDER BY key')) as { key: string; value: string }[];
      expect(rows.map((r) => r.key)).toEqual(['data_version', 'record_key_secret']);
      expect(rows[0].value).toBe('0');
      expect(rows[1].value).toMatch(/^[0-9a-f]{64}$/);
    });
  });
});
