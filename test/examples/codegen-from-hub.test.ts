import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import config, { scalars } from '../../codegen';
import { projectRoot } from '../../src/common/project-root';
import { BuiltHub, spawnBuiltHub } from '../support/built-hub';
import { createTestDatabase, TestDatabase } from '../support/database';

const EXAMPLE = path.join(projectRoot(), 'examples/client-ts');
const OUTPUT = 'examples/client-ts/generated/';

const CODEGEN_BIN = path.join(path.dirname(require.resolve('@graphql-codegen/cli/package.json')), 'esm/bin.js');

/**
 * Runs the codegen CLI (its programmatic API is ESM only, which jest cannot load) with
 * codegen.ts's own settings, the schema read from `url` and the files written under `dir`.
 */
function codegen(url: string, dir: string, scalars: Record<string, string>): Promise<{ status: number | null; output: string }> {
  const output = (config.generates as Record<string, { config: Record<string, unknown> }>)[OUTPUT];
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'codegen.json');
  const generates = { [path.join(dir, 'generated/')]: { ...output, config: { ...output.config, scalars } } };
  writeFileSync(file, JSON.stringify({ ...config, schema: url, generates }));
  return new Promise((resolve) => {
    // Under NODE_ENV=test (jest's) the CLI prints nothing, errors included.
    const proc = spawn(process.execPath, [CODEGEN_BIN, '--config', file], { cwd: projectRoot(), env: { ...process.env, NODE_ENV: 'production' } });
    let text = '';
    proc.stdout.on('data', (d) => (text += d));
    proc.stderr.on('data', (d) => (text += d));
    proc.on('close', (status) => resolve({ status, output: text }));
  });
}

/**
 * README's "Typed clients from the schema": codegen pointed at a running hub's /graphql, with
 * strictScalars, must succeed (federation's `_Any` once made it fail) and give types the example
 * client type-checks against. Runs the built hub (`npm test` builds first).
 */
describe('Examples: GraphQL Code Generator against a running hub', () => {
  let db: TestDatabase;
  let hub: BuiltHub;
  let dir: string;
  type Run = ReturnType<typeof codegen>;
  let strict: Run;
  let unmapped: Run;
  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { ...process.env, NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SEED_ON_START: 'false', ...db.config };
    if (!db.config.DATABASE_URL) delete env.DATABASE_URL;
    hub = spawnBuiltHub(env);
    const url = `http://127.0.0.1:${await hub.port}/graphql`;
    // Under dist/, so that the copied client finds node_modules (and @types/node) as in examples/.
    mkdirSync(path.join(projectRoot(), 'dist'), { recursive: true });
    dir = mkdtempSync(path.join(projectRoot(), 'dist', 'codegen-from-hub-'));
    // Both runs start now, side by side: the second one's wait overlaps the first's type check.
    strict = codegen(url, dir, scalars);
    unmapped = codegen(url, path.join(dir, 'unmapped'), {});
  }, 60_000);
  afterAll(async () => {
    await hub?.stop();
    await Promise.all([strict, unmapped]);
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('generates with strictScalars and the example client type-checks against the result', async () => {
    const run = await strict;
    expect(run.status).toBe(0);
    for (const file of readdirSync(EXAMPLE).filter((f) => f.endsWith('.ts') || f === 'tsconfig.json')) copyFileSync(path.join(EXAMPLE, file), path.join(dir, file));
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);

  it('fails on a scalar without a mapping, so strictScalars is in force against the hub', async () => {
    const run = await unmapped;
    expect(run.status).not.toBe(0);
    expect(run.output).toMatch(/Unknown scalar type (DateTime|LocalDate)/);
  }, 60_000);
});
