import 'reflect-metadata';
import { createScratchDatabase, ScratchDatabase } from '../../src/db/scratch-database';

/**
 * A private database for one test file: a SQLite file, or, when the suite runs with
 * DATABASE_URL=postgres://..., a PostgreSQL database beside the one named (parallel test files
 * never share rows). Seeded ones are copies of a template (template-database.ts).
 */
export type TestDatabase = ScratchDatabase;

/** The database DATABASE_URL names, as a prefix fit for the names of the suite's own databases. */
export function serverDatabaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1)).toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return (name || 'postgres').slice(0, 30);
}

/**
 * Every per-file database of one `npm test` run starts with this (`test_r1a2b3c_...` beside
 * `test`): the global teardown drops what a crashed file left. The run id comes from the global set-up.
 */
export function testDatabasePrefix(url = process.env.DATABASE_URL): string {
  const run = process.env.DTM_TEST_RUN ?? 'x';
  return url ? `${serverDatabaseName(url)}_r${run}` : `dtm-test-${run}`;
}

/** An empty database (not even migrated), for tests of what the hub does with one. */
export function createTestDatabase(): Promise<TestDatabase> {
  return createScratchDatabase(testDatabasePrefix());
}
