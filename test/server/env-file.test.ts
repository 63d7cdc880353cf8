import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SETTING_NAMES } from '../../src/config/config';
import { builtFile, spawnBuiltHub } from '../support/built-hub';
import { createTestDatabase, TestDatabase } from '../support/database';

const DIST = builtFile('src');
const KEY = 'env-file-partner-key-0123456789';

/** The test process's environment without any hub setting, so only the .env file and `extra` count. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of SETTING_NAMES) delete env[name];
  return { ...env, ...extra };
}

interface Run {
  code: number | null;
  output: string;
}

function runToExit(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [script, ...args], { cwd, env });
    let output = '';
    proc.stdout.on('data', (d) => (output += d));
    proc.stderr.on('data', (d) => (output += d));
    proc.on('exit', (code) => resolve({ code, output }));
  });
}

/**
 * The built hub and CLI (`npm test` builds first) started in a folder holding a .env file, as
 * `npm start` and `npx dtm-hub` would be.
 */
describe('Server: settings from a .env file', () => {
  let dir: string;
  let db: TestDatabase;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'dtm-env-'));
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops the hub with the sentence for a bad setting read from .env', async () => {
    writeFileSync(path.join(dir, '.env'), 'PORT=abc\n');
    const run = await runToExit(path.join(DIST, 'main.js'), [], dir, cleanEnv());
    expect(run.code).toBe(1);
    expect(run.output).toContain('PORT must be a whole number from 0 to 65535 (0 picks a free port) (got "abc").');
  });

  it('reads .env for the CLI too', async () => {
    writeFileSync(path.join(dir, '.env'), 'DATABASE_URL=mysql://someone@db/dtm\n');
    const run = await runToExit(path.join(DIST, 'cli/main.js'), ['export', 'PER', '4', path.join(dir, 'out')], dir, cleanEnv());
    expect(run.code).toBe(2);
    expect(run.output).toContain('DATABASE_URL must be a postgres:// URL');
  });

  it('serves with the settings of .env, where the environment wins over the file', async () => {
    // PORT in .env is invalid: the hub can only start if PORT=0 from the environment wins.
    const database = db.config.DATABASE_URL ? `DATABASE_URL=${db.config.DATABASE_URL}\n` : 'SQLITE_PATH=from-env-file.sqlite\n';
    writeFileSync(
      path.join(dir, '.env'),
      `# a comment\nPORT=abc\nHOST=127.0.0.1\nSEED_ON_START=false\nLOG_LEVEL=info\nPARTNER_KEYS=${KEY}\n${database}`,
    );
    const hub = spawnBuiltHub(cleanEnv({ PORT: '0' }), dir);
    try {
      const port = await hub.port;
      // The partner key exists only in .env: row-level data answers with it.
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
        body: JSON.stringify({ query: '{ respondents(first: 1) { totalCount } }' }),
      });
      expect(await res.json()).toMatchObject({ data: { respondents: { totalCount: 0 } } });
      if (!db.config.DATABASE_URL) expect(existsSync(path.join(dir, 'from-env-file.sqlite'))).toBe(true);
    } finally {
      await hub.stop();
    }
  });
});
