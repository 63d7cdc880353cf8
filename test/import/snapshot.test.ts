import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { writeGeneratedBundle } from '../../src/provisioning/bundle-generator';
import { openDatabase } from '../../src/orm/data-source';
import { importBundle } from '../../src/import/import-round';
import { seedBundles } from '../../src/provisioning/seed-database';
import { startTestHub, TestHub } from '../support/hub';

/**
 * One GraphQL request reads one snapshot. Round 4 is replaced, and replaced back, by another
 * DataSource (as the CLI would, from its own process) while readers loop over an operation whose
 * fields each run their own statements: the round's row, its survey points, a stats statement and
 * a page count. Every answer must describe one round: the survey points add up to the sample
 * size, the stats total and the row count, and that size is the old round's or the new one's.
 * Before requests had a snapshot of their own, answers that straddled an import's commit mixed
 * the two rounds (issue 7: sampleSize 100000, points summing to 2,148).
 */
const OPERATION = `{
  round(country: "PER", number: 4) { sampleSize surveyPoints { sampleSize } }
  respondentStats(filter: { country: "PER", round: 4 }) { total }
  respondents(filter: { round: 4 }) { totalCount }
}`;

const READERS = 8;
const SEED_ROUND_4 = 2148;

interface View {
  sampleSize: number;
  points: number;
  total: number;
  totalCount: number;
}

describe('Import: one snapshot per request while a round is replaced', () => {
  let t: TestHub;
  let writer: DataSource;
  const dir = mkdtempSync(path.join(tmpdir(), 'dtm-snapshot-'));

  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
    writer = await openDatabase(t.db.config);
  });
  afterAll(async () => {
    await writer?.destroy();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes no connection and starts no transaction for an operation that reads no table', async () => {
    t.statements.reset();
    expect(await t.exec('{ __typename }')).toMatchObject({ data: { __typename: 'Query' } });
    expect(t.statements.sessionCount).toBe(0);
    expect(t.statements.count).toBe(0);
  });

  it('reads every field of one operation inside one transaction, begun once and ended once', async () => {
    t.statements.reset();
    const res = await t.exec(OPERATION, undefined, 'partner');
    expect(res.errors).toBeUndefined();
    // BEGIN (with PostgreSQL's SET LOCAL statement_timeout in the same round trip) and COMMIT.
    expect(t.statements.sessionCount).toBe(2);
    // round, survey points, stats, page rows, page count.
    expect(t.statements.count).toBe(5);
  });

  it('reads a page of one statement (a compiled page) with no transaction: one statement is its own snapshot', async () => {
    t.statements.reset();
    const res = await t.exec('{ respondents(first: 50, filter: { round: 4 }) { edges { node { id household { id } } } } }', undefined, 'partner');
    expect(res.errors).toBeUndefined();
    expect(res.data!.respondents.edges).toHaveLength(50);
    expect(t.statements.sessionCount).toBe(0);
    expect(t.statements.count).toBe(1);
  });

  it('never answers one request with parts of the old round and parts of its replacement', async () => {
    const generated = path.join(dir, 'round-4-generated');
    const replacement = await writeGeneratedBundle(generated, { respondents: 4000, number: 4, seed: 7 });
    const seedRound4 = seedBundles().find((b) => b.endsWith('per-round-4'))!;
    const sizes = new Set([SEED_ROUND_4, replacement.respondents]);

    const views: View[] = [];
    const errors: string[] = [];
    let importing = true;
    let duringImport = 0;
    const reader = async () => {
      while (importing) {
        const res = await t.exec(OPERATION, undefined, 'partner');
        if (res.errors) {
          errors.push(res.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
          continue;
        }
        const d = res.data!;
        views.push({
          sampleSize: d.round.sampleSize,
          points: d.round.surveyPoints.reduce((sum: number, p: { sampleSize: number }) => sum + p.sampleSize, 0),
          total: d.respondentStats.total,
          totalCount: d.respondents.totalCount,
        });
        duringImport += 1;
      }
    };
    const replacing = (async () => {
      // There and back: two commits for the readers to straddle.
      for (const bundle of [generated, seedRound4]) {
        const result = await importBundle(writer, bundle);
        if (!result.ok) throw new Error(`import failed: ${result.violations[0]?.message}`);
      }
    })().finally(() => (importing = false));
    await Promise.all([replacing, ...Array.from({ length: READERS }, reader)]);

    if (process.env.REPORT_SNAPSHOT) console.info(`${views.length} answers during the imports`);
    expect(errors).toEqual([]);
    const mixed = views.filter((v) => !(v.points === v.sampleSize && v.total === v.sampleSize && v.totalCount === v.sampleSize && sizes.has(v.sampleSize)));
    expect(mixed).toEqual([]);
    // Both rounds were seen, and the imports spanned many reads (so the test could catch a mix).
    expect(new Set(views.map((v) => v.sampleSize))).toEqual(sizes);
    expect(duringImport).toBeGreaterThanOrEqual(30);
  });
});
