import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { writeGeneratedBundle } from '../../src/provisioning/bundle-generator';
import { openDatabase } from '../../src/orm/data-source';
import { openHubDatabase } from '../../src/provisioning/hub-database';
import { importBundle } from '../../src/import/import-round';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * A reader querying while another process (the CLI) replaces a round sees the old round or the
 * new one, never a mix. The writer gets its own connection, as the CLI has its own process.
 * Each read is one statement, so it sees one snapshot: the round's sample size and the rows.
 */
describe('Import: readers during a replacement', () => {
  let db: TestDatabase;
  let reader: DataSource;
  let writer: DataSource;
  const dir = mkdtempSync(path.join(tmpdir(), 'dtm-isolation-'));

  beforeAll(async () => {
    db = await createTestDatabase();
    reader = await openHubDatabase(db.config);
    writer = await openDatabase(db.config);
  });
  afterAll(async () => {
    await reader.destroy();
    await writer.destroy();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sees either the whole old round or the whole new one while the new one is written', async () => {
    const small = path.join(dir, 'small');
    const large = path.join(dir, 'large');
    const before = await writeGeneratedBundle(small, { respondents: 300, number: 9, seed: 1 });
    const after = await writeGeneratedBundle(large, { respondents: 6000, number: 9, seed: 2 });
    expect((await importBundle(writer, small)).ok).toBe(true);

    const view = async () => {
      const [row] = await reader.query(
        `SELECT (SELECT sample_size FROM round WHERE id = 'PER-9') AS sample_size,
                (SELECT COUNT(*) FROM respondent WHERE round_id = 'PER-9') AS respondents,
                (SELECT COUNT(*) FROM household WHERE round_id = 'PER-9') AS households`,
      );
      return `${Number(row.sample_size)}/${Number(row.respondents)}/${Number(row.households)}`;
    };
    const seen = new Set<string>();
    let importing = true;
    const replacing = importBundle(writer, large).finally(() => (importing = false));
    while (importing) {
      seen.add(await view());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await replacing).ok).toBe(true);
    seen.add(await view());

    const allowed = new Set([
      `${before.respondents}/${before.respondents}/${before.respondents}`,
      `${after.respondents}/${after.respondents}/${after.respondents}`,
    ]);
    for (const view of seen) expect(allowed).toContain(view);
    expect(seen.size).toBe(2);
  });
});
