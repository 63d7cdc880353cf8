import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openHubDatabase } from '../src/provisioning/hub-database';
import { createScratchDatabase } from '../src/db/scratch-database';
import { importBundle } from '../src/import/import-round';
import { writeGeneratedBundle, GeneratorOptions } from '../src/provisioning/bundle-generator';
import { bulkLoadPostgres, bulkLoadSqlite, generateDbRows } from './bulk-load';

/**
 * Import benchmark: generates a bundle of N respondents, imports it with `importBundle`, loads
 * the same rows through the engine's bulk path (SQLite prepared INSERTs, PostgreSQL COPY) and
 * reports rows/s of both, their ratio and the peak RSS of each. Each load runs in its own child
 * process against a fresh database, so the peak RSS is that of the load alone.
 *
 *   node dist/bench/import.js [--respondents N] [--keep]
 *   (PostgreSQL when DATABASE_URL is set, SQLite otherwise)
 */

interface PhaseResult {
  phase: 'import' | 'bulk';
  seconds: number;
  rows: number;
  maxRssMb: number;
  /** Bulk only: time spent generating rows, subtracted from `seconds` for the ratio. */
  generatorSeconds?: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const MB = 1024 * 1024;

async function runPhase(phase: 'import' | 'bulk', bundle: string, opts: GeneratorOptions): Promise<PhaseResult> {
  const db = await createScratchDatabase('dtm_bench');
  try {
    const ds = await openHubDatabase(db.config);
    if (phase === 'import') {
      let last = Date.now();
      const t0 = process.hrtime.bigint();
      const result = await importBundle(ds, bundle, {
        progress: {
          start: (p) => process.stderr.write(`  import: ${p}...\n`),
          update: (_done, rows) => {
            if (Date.now() - last > 10_000) {
              last = Date.now();
              process.stderr.write(`    ${rows} rows\n`);
            }
          },
          stop: () => undefined,
        },
      });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (!result.ok) throw new Error(`the generated bundle did not import: ${result.violations[0]?.message}`);
      const [{ n }] = (await ds.query('SELECT COUNT(*) AS n FROM respondent_choice')) as { n: number | string }[];
      const rows = result.counts.respondents + result.counts.households + result.counts.children + Number(n);
      await ds.destroy();
      return { phase, seconds, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 };
    }
    await ds.destroy();
    // The generator's own cost, measured on a sweep that loads nothing.
    const g0 = process.hrtime.bigint();
    for (const rows of generateDbRows(opts, (b) => b)) void rows;
    const generatorSweep = Number(process.hrtime.bigint() - g0) / 1e9;
    const t0 = process.hrtime.bigint();
    const loaded = db.config.DATABASE_URL ? await bulkLoadPostgres(db.config.DATABASE_URL, opts) : await bulkLoadSqlite(db.config.SQLITE_PATH, opts);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    return { phase, seconds, rows: loaded.rows, maxRssMb: process.resourceUsage().maxRSS / 1024, generatorSeconds: generatorSweep * loaded.sweeps };
  } finally {
    await db.drop();
  }
}

function child(phase: string, bundle: string, respondents: number): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [__filename, '--phase', phase, '--bundle', bundle, '--respondents', String(respondents)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${phase} phase exited with code ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop() as string) as PhaseResult);
    });
  });
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
}

async function main(): Promise<void> {
  const respondents = Number(arg('--respondents') ?? 1_000_000);
  const opts: GeneratorOptions = { respondents };
  const phase = arg('--phase');
  if (phase === 'import' || phase === 'bulk') {
    const result = await runPhase(phase, arg('--bundle') as string, opts);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const engine = process.env.DATABASE_URL ? 'postgresql' : 'sqlite';
  const workDir = mkdtempSync(path.join(tmpdir(), 'dtm-bench-'));
  const bundle = path.join(workDir, 'bundle');
  try {
    process.stderr.write(`generating a bundle of ${respondents} respondents in ${bundle}\n`);
    const g0 = Date.now();
    const counts = await writeGeneratedBundle(bundle, opts);
    const bytes = dirBytes(bundle);
    process.stderr.write(`  ${counts.respondents} respondents, ${counts.households} households, ${counts.children} children, ${counts.choices} choices; ${(bytes / MB).toFixed(1)} MB in ${((Date.now() - g0) / 1000).toFixed(1)} s\n`);
    process.stderr.write(`importing with importBundle (${engine})\n`);
    const imp = await child('import', bundle, respondents);
    process.stderr.write(`loading the same rows through the bulk path (${engine === 'sqlite' ? 'prepared INSERT' : 'COPY'})\n`);
    const bulk = await child('bulk', bundle, respondents);
    const bulkDb = bulk.seconds - (bulk.generatorSeconds ?? 0);
    const rate = (rows: number, s: number) => Math.round(rows / s);
    const lines = [
      `engine            ${engine}`,
      `bundle            ${respondents} respondents, ${imp.rows} rows in all tables, ${(bytes / MB).toFixed(1)} MB of CSV`,
      `importBundle      ${imp.seconds.toFixed(1)} s, ${rate(imp.rows, imp.seconds)} rows/s (validation pass + write pass), peak RSS ${imp.maxRssMb.toFixed(0)} MB`,
      `bulk path         ${bulkDb.toFixed(1)} s, ${rate(bulk.rows, bulkDb)} rows/s (generator time ${(bulk.generatorSeconds ?? 0).toFixed(1)} s excluded), peak RSS ${bulk.maxRssMb.toFixed(0)} MB`,
      `ratio             ${(imp.seconds / bulkDb).toFixed(2)}x the bulk path's time (target: within 3x)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    if (process.argv.includes('--keep')) process.stderr.write(`kept ${workDir}\n`);
    else rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
