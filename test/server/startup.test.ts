import { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawnBuiltHub } from '../support/built-hub';
import { seedRows } from '../support/csv';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * `npm start` end to end: the built entry point creates and migrates the database, loads the
 * seeds, serves, and drains on SIGTERM. Runs the compiled code (`npm test` builds first).
 */
describe('Server: start-up and shutdown of the built hub', () => {
  let db: TestDatabase;
  let proc: ChildProcessWithoutNullStreams;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    if (proc && proc.exitCode === null) proc.kill('SIGKILL');
    await db.drop();
  });

  it('migrates an empty database, loads the seeds, serves them, and exits cleanly on SIGTERM', async () => {
    const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SEED_ON_START: 'true', ...db.config };
    if (!db.config.DATABASE_URL) delete env.DATABASE_URL;
    const hub = spawnBuiltHub(env);
    proc = hub.proc;
    const port = await hub.port;
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ rounds(country: "PER") { number sampleSize } }' }),
    });
    const body: any = await res.json();
    expect(body.data.rounds).toEqual([2, 3, 4, 5, 6].map((n) => ({ number: n, sampleSize: seedRows(n, 'respondents').length })));
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);

    expect(await hub.stop()).toBe(0);
    expect(hub.output()).toMatch(/shutting down/);
    // Logs carry no answers: no respondent ids or coded answers appear in them.
    expect(hub.output()).not.toMatch(/r4-\d{5}|"sex"|monthly_income/);
  });
});
