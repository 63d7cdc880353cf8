import 'reflect-metadata';
import { createScratchDatabase, ScratchDatabase } from '../../src/db/scratch-database';

/**
 * A private database for one test file: a fresh SQLite file, or, when the suite runs with
 * DATABASE_URL=postgres://..., a fresh PostgreSQL database (parallel test files never share rows).
 */
export type TestDatabase = ScratchDatabase;

export function createTestDatabase(): Promise<TestDatabase> {
  return createScratchDatabase('dtm_test');
}
