import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { seedRows } from '../support/csv';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * `npm start` end to end: the built entry point creates and migrates the database, loads the
 * seeds, serves, and drains on SIGTERM. Runs the compiled code (`npm test` builds first).
 */
describe('Server: start-up and shutdown of the built hub', () => {
  let db: TestDatabase;
  let proc: ChildProcessWithoutNullStreams;
  let output = '';

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
    proc = spawn(process.execPath, [path.join(__dirname, '../../dist/src/main.js')], { env });
    proc.stdout.on('data', (d) => (output += d));
    proc.stderr.on('data', (d) => (output += d));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /"port":(\d+)/.exec(output);
        if (m) {
          clearInterval(timer);
          resolve(Number(m[1]));
        } else if (proc.exitCode !== null) {
          clearInterval(timer);
          reject(new Error(`hub exited early: ${output}`));
        }
      }, 100);
    });
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ rounds(country: "PER") { number sampleSize } }' }),
    });
    const body: any = await res.json();
    expect(body.data.rounds).toEqual([2, 3, 4, 5, 6].map((n) => ({ number: n, sampleSize: seedRows(n, 'respondents').length })));
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);

    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toMatch(/shutting down/);
    // Logs carry no answers: no respondent ids or coded answers appear in them.
    expect(output).not.toMatch(/r4-\d{5}|"sex"|monthly_income/);
  });
});
