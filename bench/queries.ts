import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openHubDatabase } from '../src/provisioning/hub-database';
import { createScratchDatabase, ScratchDatabase } from '../src/db/scratch-database';
import { BenchBundle, DATA_DIR, ensureBundle } from './bench-data';
import { roundJson } from '../src/provisioning/bundle-generator';
import { alternateLoads, GraphqlTarget, graphqlLoad, loadTest, LoadResult, LoadRun, mergeLoads, postGraphql } from './load-test';
import { Engine, openPlainDb, PlainDb } from './plain-db';
import { ColdStatsResult, EngineResult, QueryBenchResults, RepeatedStatsResult } from './queries-results';
import { renderReport } from './queries-report';
import { rawLoad, statementsOf } from './raw-statements';
import { freePort, RssSampler, ServerProcess, sleep, startServer } from './server-process';
import { StatsOperation, statsOperations } from './stats-operations';

/**
 * Query benchmark (issue 8): the hub's documented stats operations, repeated dashboards and the
 * nested page, each measured side by side with what it should be compared to, in one run:
 *
 *   npm run bench:queries -- [--respondents N] [--engine sqlite|postgres|both] [--quick]
 *                            [--reps N] [--seconds S] [--slices N] [--report-only]
 *
 * A generated bundle of N respondents (default 1,000,000; reused from bench/.data/ when one of
 * that size exists) is imported with the hub's own CLI into a fresh SQLite file and, when
 * DATABASE_URL is set, into a fresh PostgreSQL database (dropped at the end). The built hub then
 * runs as its own process and is measured against plain SQL on the same database, against
 * `{ __typename }` on itself, and against PostGraphile 5 on the same tables. Writes
 * bench/results.json and BENCHMARKS.md (`--quick`: bench/.data/quick/ instead).
 */

const ROOT = path.resolve(__dirname, '..', '..');
const PARTNER_KEY = 'bench-partner-key-not-a-secret-0001';
const CLIENTS = [1, 16];

interface Options {
  respondents: number;
  engines: Engine[];
  quick: boolean;
  reps: number;
  loadSeconds: number;
  pageSeconds: number;
  /** How many turns two compared loads take (see alternateLoads). */
  slices: number;
  outJson: string;
  outMd: string;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** A whole-number option between `min` and `max`, or `fallback` when absent; anything else is refused by name. */
function wholeArg(name: string, fallback: number, min: number, max: number): number {
  const text = arg(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  return n;
}

function options(): Options {
  const quick = process.argv.includes('--quick');
  const respondents = wholeArg('--respondents', quick ? 2000 : 1_000_000, 100, 100_000_000);
  const wanted = arg('--engine') ?? 'both';
  if (!['sqlite', 'postgres', 'both'].includes(wanted)) throw new Error('--engine must be sqlite, postgres or both');
  const engines: Engine[] = wanted === 'both' ? ['sqlite', 'postgres'] : [wanted as Engine];
  const usable = engines.filter((e) => e === 'sqlite' || process.env.DATABASE_URL);
  if (usable.length === 0) throw new Error('--engine postgres needs DATABASE_URL (a PostgreSQL server where databases can be created)');
  // Each repetition needs its own variant; the child operation has 8, one of them for the warm-up.
  const reps = wholeArg('--reps', quick ? 5 : 7, 1, 7);
  const loadSeconds = wholeArg('--seconds', quick ? 1 : 10, 1, 600);
  const outDir = quick ? path.join(DATA_DIR, 'quick') : null;
  return {
    respondents,
    engines: usable,
    quick,
    reps,
    loadSeconds,
    pageSeconds: loadSeconds,
    slices: wholeArg('--slices', quick ? 1 : 5, 1, 10),
    outJson: outDir ? path.join(outDir, 'results.json') : path.join(ROOT, 'bench', 'results.json'),
    outMd: outDir ? path.join(outDir, 'BENCHMARKS.md') : path.join(ROOT, 'BENCHMARKS.md'),
  };
}

const log = (line: string) => process.stderr.write(`[bench:queries ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Answers per second of `a` over those of `b` (a load with no answers counts as nearly zero, not as a division by zero). */
const perSecRatio = (a: LoadResult, b: LoadResult) => a.okPerSec / Math.max(b.okPerSec, 1e-9);

/**
 * The built code, copied once per run: other work may rebuild `dist/` while the benchmark runs,
 * and every process of one run should run the same code. The copy sits two folders below the
 * project, as `dist/` does, so the code finds package.json and seeds/ the same way.
 */
function snapshotDist(): string {
  const snap = path.join(DATA_DIR, 'dist');
  rmSync(snap, { recursive: true, force: true });
  cpSync(path.join(ROOT, 'dist'), snap, { recursive: true });
  return snap;
}

function hubEnv(db: ScratchDatabase, port: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...(db.config.DATABASE_URL ? { DATABASE_URL: db.config.DATABASE_URL } : { SQLITE_PATH: db.config.SQLITE_PATH }),
    ...HUB_SETTINGS,
  };
}

/** What the benchmark changes from the hub's defaults, and why; copied into the results. */
const HUB_SETTINGS = {
  SEED_ON_START: 'false',
  PARTNER_KEYS: PARTNER_KEY,
  LOG_LEVEL: 'warn',
  // Every client of the benchmark is one address; the limits are for many partners, not one load test.
  RATE_LIMIT_PER_MINUTE: '100000000',
  RATE_LIMIT_COST_PER_MINUTE: '1000000000000',
  MAX_QUERY_COMPLEXITY: '1000000',
  // A cold stats operation on 1,000,000 respondents must be answered to be timed.
  REQUEST_TIME_BUDGET_MS: '120000',
};

/** The Node options `npm start` gives the hub (package.json), so that the benchmark runs the hub as users do. */
export function startNodeArgs(): string[] {
  const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
  return start.slice(1, start.indexOf('dist/src/main.js'));
}

async function startHub(dist: string, db: ScratchDatabase, name: string): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    name,
    script: path.join(dist, 'src', 'main.js'),
    nodeArgs: startNodeArgs(),
    env: hubEnv(db, port),
    port,
    readyPath: '/ready',
    logFile: path.join(DATA_DIR, `${db.engine}-${name}.log`),
  });
}

async function startPostgraphile(dist: string, db: ScratchDatabase): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    name: 'postgraphile',
    script: path.join(dist, 'bench', 'postgraphile-server.js'),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', GRAPHILE_ENV: 'production', DATABASE_URL: db.config.DATABASE_URL, PORT: String(port) },
    port,
    readyPath: '/graphql',
    readyRequest: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' },
    logFile: path.join(DATA_DIR, 'postgres-postgraphile.log'),
  });
}

/** The framework's ceiling for the nested page (page-ceiling-server.ts), serving `answer` from memory. */
async function startPageCeiling(dist: string, answer: unknown): Promise<ServerProcess> {
  const port = await freePort();
  const pageFile = path.join(DATA_DIR, 'page-ceiling-answer.json');
  writeFileSync(pageFile, JSON.stringify({ data: answer }));
  return startServer({
    name: 'page-ceiling',
    script: path.join(dist, 'bench', 'page-ceiling-server.js'),
    nodeArgs: startNodeArgs(),
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', PAGE_FILE: pageFile, PORT: String(port) },
    port,
    readyPath: '/health',
    logFile: path.join(DATA_DIR, 'page-ceiling.log'),
  });
}

/** Imports the bundle with the hub's own CLI, in its own process, timing it and sampling its memory. */
async function importWithCli(dist: string, db: ScratchDatabase, bundle: string): Promise<NonNullable<EngineResult['import']>> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...(db.config.DATABASE_URL ? { DATABASE_URL: db.config.DATABASE_URL } : { SQLITE_PATH: db.config.SQLITE_PATH }) };
  const t0 = process.hrtime.bigint();
  const proc = spawn(process.execPath, [path.join(dist, 'src', 'cli', 'main.js'), 'import', bundle, '--json', '--quiet'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const rss = new RssSampler(proc.pid as number);
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
  rss.stop();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (code !== 0) throw new Error(`dtm-hub import exited with code ${code}: ${err.slice(0, 2000)}${out.slice(0, 2000)}`);
  const result = JSON.parse(out) as { ok: boolean; counts: Record<string, number> };
  if (!result.ok) throw new Error(`dtm-hub import did not accept the generated bundle: ${out.slice(0, 2000)}`);
  return { seconds, peakRssMb: rss.peakMb, counts: result.counts };
}

const KEYED_TABLES = ['respondent', 'respondent_choice', 'household', 'child'];

/** The planner's statistics on the tables the page reads, as they stand. */
async function plannerStats(plain: PlainDb): Promise<Record<string, unknown>[]> {
  if (plain.engine === 'postgres') {
    return plain.query(
      `SELECT s.relname AS tbl, s.last_analyze, s.last_autoanalyze, s.n_mod_since_analyze, c.reltuples
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname IN ('respondent', 'household', 'child') ORDER BY s.relname`,
    );
  }
  const exists = await plain.query("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'");
  if (!exists.length) return [{ sqlite_stat1: 'absent' }];
  return plain.query("SELECT tbl, COUNT(*) AS indexes_with_stats FROM sqlite_stat1 WHERE tbl IN ('respondent', 'household', 'child') GROUP BY tbl ORDER BY tbl");
}

function nestedPageQuery(round: number): string {
  return `query BenchNestedPage { respondents(first: 100, filter: { round: ${round} }) { edges { node { id household { travellingSize children { age sex } } } } } }`;
}

function postgraphilePageQuery(roundId: string): string {
  return `query BenchNestedPage { allRespondents(first: 100, condition: { roundId: "${roundId}" }, orderBy: PRIMARY_KEY_ASC) { edges { node { rowId householdByRespondentId { travellingSize childrenByHouseholdId { nodes { age sex } } } } } } }`;
}

/** One page as comparable text: respondent id, group size and the children's ages and sexes, sorted. */
function pageFingerprint(data: unknown, peer: boolean): string {
  type Child = { age: number; sex: string };
  const edges = peer
    ? (data as { allRespondents: { edges: { node: { rowId: string; householdByRespondentId: { travellingSize: number; childrenByHouseholdId: { nodes: Child[] } } | null } }[] } }).allRespondents.edges.map((e) => ({
        // PostGraphile's rowId is the stored key; the hub's Node id tags it with the type.
        id: `Respondent:${e.node.rowId}`,
        size: e.node.householdByRespondentId?.travellingSize,
        children: e.node.householdByRespondentId?.childrenByHouseholdId.nodes ?? [],
      }))
    : (data as { respondents: { edges: { node: { id: string; household: { travellingSize: number; children: Child[] } | null } }[] } }).respondents.edges.map((e) => ({
        id: e.node.id,
        size: e.node.household?.travellingSize,
        children: e.node.household?.children ?? [],
      }));
  return JSON.stringify(edges.map((e) => [e.id, e.size, e.children.map((c) => `${c.age}:${c.sex.toLowerCase()}`).sort()]));
}

async function engineVersion(plain: PlainDb): Promise<string> {
  if (plain.engine === 'postgres') return `PostgreSQL ${String((await plain.query('SHOW server_version'))[0].server_version)}`;
  return `SQLite ${String((await plain.query('SELECT sqlite_version() AS v'))[0].v)} (node sqlite3)`;
}

async function databaseMb(plain: PlainDb, db: ScratchDatabase): Promise<number> {
  if (plain.engine === 'postgres') return Number((await plain.query('SELECT pg_database_size(current_database()) AS b'))[0].b) / 2 ** 20;
  const f = db.config.SQLITE_PATH;
  return [f, `${f}-wal`].filter(existsSync).reduce((s, p) => s + statSync(p).size, 0) / 2 ** 20;
}

async function warmUp(target: GraphqlTarget, query: string, times: number): Promise<string | null> {
  for (let i = 0; i < times; i++) {
    const a = await postGraphql(target, query);
    if (a.status !== 200 || a.errors) return `HTTP ${a.status}: ${JSON.stringify(a.errors ?? a.data).slice(0, 300)}`;
  }
  return null;
}

async function coldStats(o: Options, hub: GraphqlTarget, plain: PlainDb, ops: StatsOperation[]): Promise<ColdStatsResult[]> {
  const runs = ops.map((op) => ({ op, hubMs: [] as number[], plainMs: [] as number[], mismatch: null as string | null, hubErrors: [] as string[] }));
  // Repetition 0 warms both sides up (schema, plans, caches of the engine) and is not counted.
  for (let rep = 0; rep <= o.reps; rep++) {
    for (const [i, run] of runs.entries()) {
      const stmt = run.op.plain(plain.engine, rep);
      const timeHub = async () => {
        const a = await postGraphql(hub, run.op.query(rep));
        if (a.status !== 200 || a.errors) {
          run.hubErrors.push(`HTTP ${a.status}: ${a.errors?.map((e) => `${e.extensions?.code ?? ''} ${e.message}`).join('; ').slice(0, 300)}`);
          return { ms: a.ms, data: null };
        }
        return a;
      };
      const timePlain = async () => {
        const t0 = process.hrtime.bigint();
        const rows = await plain.query(stmt.sql, stmt.params);
        return { ms: Number(process.hrtime.bigint() - t0) / 1e6, rows };
      };
      // Alternate which side goes first, so neither always finds the other's pages in the cache.
      const first = (rep + i) % 2 === 0 ? 'hub' : 'plain';
      const h = first === 'hub' ? await timeHub() : null;
      const p = await timePlain();
      const hub2 = h ?? (await timeHub());
      if (hub2.data) run.mismatch ??= run.op.compare(hub2.data, p.rows);
      if (rep > 0) {
        run.hubMs.push(hub2.ms);
        run.plainMs.push(p.ms);
      }
      log(`  cold ${run.op.id} #${rep}${rep === 0 ? ' (warm-up)' : ''}: hub ${hub2.ms.toFixed(0)} ms, plain ${p.ms.toFixed(0)} ms`);
    }
  }
  return runs.map((r) => {
    const hubMedianMs = median(r.hubMs);
    const plainMedianMs = median(r.plainMs);
    return {
      id: r.op.id,
      title: r.op.title,
      target: r.op.target,
      hubMs: r.hubMs,
      plainMs: r.plainMs,
      // The variant with every filter, to show the statement's full shape.
      plainSql: r.op.plain(plain.engine, 7).sql,
      hubMedianMs,
      plainMedianMs,
      ratio: hubMedianMs / plainMedianMs,
      mismatch: r.mismatch,
      hubErrors: r.hubErrors.slice(0, 5),
    };
  });
}

function describeLoad(r: LoadResult): string {
  return `${r.okPerSec.toFixed(1)} answers/s (${r.ok}), p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.inFlight} unanswered at the end, ${r.errors} errors${r.errorSamples.length ? ` (${r.errorSamples.join(', ')})` : ''}`;
}

async function runEngine(o: Options, engine: Engine, dist: string, bundle: BenchBundle, roundId: string, round: number): Promise<EngineResult> {
  const result: EngineResult = {
    engine,
    version: '',
    databaseMb: 0,
    failed: null,
    import: null,
    statsAfterImport: [],
    afterImport: null,
    analyzeSeconds: null,
    vacuumSeconds: null,
    afterAnalyze: null,
    afterImportSlowdown: null,
    coldStats: [],
    typename: {},
    typenamePerSec: {},
    repeatedStats: [],
    nestedPage: null,
    hubRss: { peakMb: 0, byPhaseMb: {} },
    problems: [],
  };
  const db = await createScratchDatabase('dtm_bench_queries', engine === 'postgres' ? process.env.DATABASE_URL : '');
  let plain: PlainDb | null = null;
  const servers: ServerProcess[] = [];
  const trackRss = (s: ServerProcess) => {
    const prefix = s.name === 'hub-after-import' ? 'first process (after import): ' : '';
    for (const [phase, mb] of Object.entries(s.rss.peaksMb)) result.hubRss.byPhaseMb[`${prefix}${phase}`] = Math.round(mb);
    result.hubRss.peakMb = Math.max(result.hubRss.peakMb, Math.round(s.rss.peakMb));
  };
  try {
    log(`${engine}: migrating a fresh database and loading the reference data`);
    const ds = await openHubDatabase(db.config);
    await ds.destroy();
    plain = await openPlainDb(db.config);
    result.version = await engineVersion(plain);
    if (engine === 'postgres') {
      // "Straight after an import" means before autovacuum gets to the new rows; held off on these
      // tables until both pages (after the import, after ANALYZE) are measured, so neither figure
      // depends on autovacuum's timing.
      for (const t of KEYED_TABLES) await plain.query(`ALTER TABLE ${t} SET (autovacuum_enabled = false)`);
    }

    log(`${engine}: importing with dtm-hub import`);
    result.import = await importWithCli(dist, db, bundle.dir);
    log(`  imported in ${result.import.seconds.toFixed(1)} s (peak RSS ${result.import.peakRssMb.toFixed(0)} MB)`);

    const partner = { authorization: `Bearer ${PARTNER_KEY}` };
    const page = nestedPageQuery(round);
    const warmups = o.quick ? 2 : 5;

    // (f) The nested page straight after the import...
    result.statsAfterImport = await plannerStats(plain);
    const hub1 = await startHub(dist, db, 'hub-after-import');
    servers.push(hub1);
    const target1: GraphqlTarget = { url: hub1.url, path: '/graphql', headers: partner };
    const warm1 = await warmUp(target1, page, warmups);
    if (warm1) throw new Error(`the hub did not answer the nested page after the import: ${warm1}`);
    hub1.rss.mark('nested page');
    result.afterImport = await loadTest(target1, page, { clients: 1, seconds: o.pageSeconds });
    log(`  nested page after import, 1 client: ${describeLoad(result.afterImport)}`);
    await hub1.stop();
    trackRss(hub1);

    // ...and after a manual ANALYZE, on a hub started afresh so that no connection keeps old plans.
    const a0 = process.hrtime.bigint();
    await plain.query('ANALYZE');
    result.analyzeSeconds = Number(process.hrtime.bigint() - a0) / 1e9;
    log(`  ANALYZE took ${result.analyzeSeconds.toFixed(1)} s`);
    const hub = await startHub(dist, db, 'hub');
    servers.push(hub);
    const target: GraphqlTarget = { url: hub.url, path: '/graphql', headers: partner };
    const warm2 = await warmUp(target, page, warmups);
    if (warm2) throw new Error(`the hub did not answer the nested page after ANALYZE: ${warm2}`);
    hub.rss.mark('nested page after ANALYZE');
    result.afterAnalyze = await loadTest(target, page, { clients: 1, seconds: o.pageSeconds });
    result.afterImportSlowdown = perSecRatio(result.afterAnalyze, result.afterImport);
    log(`  nested page after ANALYZE, 1 client: ${describeLoad(result.afterAnalyze)}`);
    if (engine === 'postgres') {
      // Autovacuum back on, with its catch-up on the new rows (visibility map, hint bits) done now:
      // on two cores it would otherwise run in the middle of the measurements that follow.
      for (const t of KEYED_TABLES) await plain.query(`ALTER TABLE ${t} RESET (autovacuum_enabled)`);
      const v0 = process.hrtime.bigint();
      await plain.query('VACUUM');
      result.vacuumSeconds = Number(process.hrtime.bigint() - v0) / 1e9;
      log(`  VACUUM took ${result.vacuumSeconds.toFixed(1)} s`);
    }

    // CPU per answer of the hub (and of PostgreSQL) in the load phases below.
    const hubCpu = { pid: hub.pid, postgres: engine === 'postgres' };

    // (a) Cold stats against plain SQL on the same database.
    const ops = statsOperations(roundId);
    hub.rss.mark('cold stats');
    log(`${engine}: cold stats, ${o.reps} repetitions after a warm-up`);
    result.coldStats = await coldStats(o, target, plain, ops);
    for (const c of result.coldStats) {
      if (c.mismatch) result.problems.push(`${c.id}: the hub's answer differs from the plain SQL: ${c.mismatch}`);
      if (c.hubErrors.length) result.problems.push(`${c.id}: the hub answered with errors: ${c.hubErrors.join(' | ')}`);
    }

    // (b) The same operations repeated (same variables every time, as a dashboard sends them),
    // against `{ __typename }`, the framework's ceiling on the same process. The two take turns in
    // short runs (see alternateLoads), so a slow spell of the shared machine hits both alike.
    hub.rss.mark('repeated stats');
    // Not counted: lets the JIT settle on the request path before the first measured run.
    await loadTest(target, '{ __typename }', { clients: 1, seconds: o.quick ? 1 : 2 });
    for (const clients of CLIENTS) {
      const key = String(clients);
      result.typename[key] = [];
      for (const op of ops) {
        let r = result.repeatedStats.find((x) => x.id === op.id);
        if (!r) {
          r = { id: op.id, title: op.title, byClients: {}, ratioToTypename: {}, sliceRatios: {} } satisfies RepeatedStatsResult;
          result.repeatedStats.push(r);
        }
        const [opRuns, ceilingRuns] = await alternateLoads(
          [graphqlLoad(target, op.query(0), { clients, cpu: hubCpu }), graphqlLoad(target, '{ __typename }', { clients, cpu: hubCpu })],
          { seconds: o.loadSeconds, slices: o.slices },
        );
        const [opLoad, ceiling] = [mergeLoads(opRuns), mergeLoads(ceilingRuns)];
        r.byClients[key] = opLoad;
        result.typename[key].push(ceiling);
        r.ratioToTypename[key] = perSecRatio(opLoad, ceiling);
        r.sliceRatios![key] = opRuns.map((l, i) => perSecRatio(l, ceilingRuns[i]));
        log(`  ${op.id}, ${clients} clients: ${describeLoad(opLoad)}; { __typename } in turn: ${describeLoad(ceiling)}`);
      }
      result.typenamePerSec[key] = mean(result.typename[key].map((t) => t.okPerSec));
    }

    // (c) The nested page, against PostGraphile 5 on the same PostgreSQL tables, its own statements
    // sent raw (the physical limit; raw-statements.ts) and the framework's ceiling (the same page
    // from memory; page-ceiling-server.ts).
    hub.rss.mark('nested page');
    const nested: NonNullable<EngineResult['nestedPage']> = {
      hub: {},
      postgraphile: null,
      ratio: null,
      samePage: null,
      postgraphilePeakRssMb: null,
      raw: null,
      rawRatio: null,
      statements: null,
      ceiling: null,
      ceilingRatio: null,
    };
    let peer: ServerProcess | null = null;
    let peerTarget: GraphqlTarget | null = null;
    const peerPage = postgraphilePageQuery(roundId);
    const databaseUrl = db.config.DATABASE_URL;
    if (engine === 'postgres' && databaseUrl) {
      const statements = await statementsOf(databaseUrl, page, partner.authorization, HUB_SETTINGS);
      nested.statements = statements.map((st) => st.sql);
      peer = await startPostgraphile(dist, db);
      servers.push(peer);
      peerTarget = { url: peer.url, path: '/graphql', headers: {} };
      const [mine, theirs] = [await postGraphql(target, page), await postGraphql(peerTarget, peerPage)];
      if (theirs.errors) throw new Error(`PostGraphile did not answer the nested page: ${JSON.stringify(theirs.errors).slice(0, 500)}`);
      nested.samePage = pageFingerprint(mine.data, false) === pageFingerprint(theirs.data, true);
      if (!nested.samePage) result.problems.push('the hub and PostGraphile served different pages');
      const warm = await warmUp(peerTarget, peerPage, warmups);
      if (warm) throw new Error(`PostGraphile did not answer the nested page: ${warm}`);
      const ceiling = await startPageCeiling(dist, mine.data);
      servers.push(ceiling);
      const ceilingTarget: GraphqlTarget = { url: ceiling.url, path: '/graphql', headers: {} };
      const served = await postGraphql(ceilingTarget, page);
      if (served.errors || JSON.stringify(served.data) !== JSON.stringify(mine.data)) throw new Error('the page ceiling did not serve the hub\'s page');
      await warmUp(ceilingTarget, page, warmups);
      nested.postgraphile = {};
      nested.ratio = {};
      nested.raw = {};
      nested.rawRatio = {};
      nested.ceiling = {};
      nested.ceilingRatio = {};
      for (const clients of CLIENTS) {
        const key = String(clients);
        // The four take turns in short runs, as in (b).
        const loads: LoadRun[] = [
          graphqlLoad(target, page, { clients, cpu: hubCpu }),
          graphqlLoad(peerTarget, peerPage, { clients, cpu: { pid: peer.pid, postgres: true } }),
          (seconds) => rawLoad(databaseUrl, statements, { clients, seconds }),
          graphqlLoad(ceilingTarget, page, { clients, cpu: { pid: ceiling.pid, postgres: false } }),
        ];
        // Each gets twice a run's time, as the two runs each server had before.
        const [hubRuns, peerRuns, rawRuns, ceilingRuns] = await alternateLoads(loads, { seconds: 2 * o.pageSeconds, slices: o.slices });
        nested.hub[key] = hubRuns;
        nested.postgraphile[key] = peerRuns;
        nested.raw[key] = rawRuns;
        nested.ceiling[key] = ceilingRuns;
        const [mine, theirs, raw, most] = [mergeLoads(hubRuns), mergeLoads(peerRuns), mergeLoads(rawRuns), mergeLoads(ceilingRuns)];
        nested.ratio[key] = perSecRatio(mine, theirs);
        nested.rawRatio[key] = perSecRatio(mine, raw);
        nested.ceilingRatio[key] = perSecRatio(most, theirs);
        log(
          `  nested page, ${clients} clients: hub ${describeLoad(mine)}; PostGraphile ${describeLoad(theirs)}; raw statements ${describeLoad(raw)}; page ceiling ${describeLoad(most)}`,
        );
      }
      await ceiling.stop();
    } else {
      for (const clients of CLIENTS) {
        const r = await loadTest(target, page, { clients, seconds: o.pageSeconds, cpu: hubCpu });
        nested.hub[String(clients)] = [r];
        log(`  nested page, hub, ${clients} clients: ${describeLoad(r)}`);
      }
    }
    if (peer) {
      await peer.stop();
      nested.postgraphilePeakRssMb = Math.round(peer.rss.peakMb);
    }
    result.nestedPage = nested;
    await hub.stop();
    trackRss(hub);
    result.databaseMb = Math.round(await databaseMb(plain, db));

    const loads: [string, LoadResult | null | undefined][] = [
      ['nested page after import', result.afterImport],
      ['nested page after ANALYZE', result.afterAnalyze],
      ...Object.entries(result.typename).flatMap(([c, rs]) => rs.map((r): [string, LoadResult] => [`{ __typename } ${c} clients`, r])),
      ...result.repeatedStats.flatMap((r) => Object.entries(r.byClients).map(([c, l]): [string, LoadResult] => [`${r.id} ${c} clients`, l])),
      ...Object.entries(nested.hub).flatMap(([c, ls]) => ls.map((l): [string, LoadResult] => [`nested page ${c} clients`, l])),
    ];
    for (const [name, l] of loads) if (l && l.errors > 0) result.problems.push(`${name}: ${l.errors} errors (${l.errorSamples.join(', ')})`);
  } catch (e) {
    result.failed = e instanceof Error ? e.message : String(e);
    log(`${engine}: FAILED: ${result.failed}`);
    for (const s of servers) {
      await s.stop().catch(() => undefined);
      if (s.name.startsWith('hub')) trackRss(s);
    }
  } finally {
    await plain?.close().catch(() => undefined);
    await db.drop().catch((e: unknown) => log(`could not drop the benchmark database: ${String(e)}`));
  }
  return result;
}

function gitState(): QueryBenchResults['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT }).toString().trim();
    const changed = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT }).toString().split('\n').filter(Boolean).length;
    return { commit, changedFiles: changed };
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--report-only')) {
    const file = path.join(ROOT, 'bench', 'results.json');
    const results = JSON.parse(readFileSync(file, 'utf8')) as QueryBenchResults;
    writeFileSync(path.join(ROOT, 'BENCHMARKS.md'), renderReport(results));
    log(`rewrote BENCHMARKS.md from ${file}`);
    return;
  }
  const o = options();
  mkdirSync(DATA_DIR, { recursive: true });
  const loadStart = os.loadavg()[0];
  const bundle = await ensureBundle(o.respondents, log);
  const meta = roundJson({ respondents: o.respondents }) as { country: string; number: number };
  const roundId = `${meta.country}-${meta.number}`;
  const dist = snapshotDist();
  const results: QueryBenchResults = {
    generatedAt: new Date().toISOString(),
    command: ['npm run bench:queries', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    quick: o.quick,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      platform: `${os.type()} ${os.release()} ${os.arch()}`,
      loadAverageStart: loadStart,
      loadAverageEnd: 0,
    },
    git: gitState(),
    data: { ...bundle.counts, csvMb: Math.round((bundle.bytes / 2 ** 20) * 10) / 10, bundleReused: bundle.reused, roundId },
    settings: {
      coldRepetitions: o.reps,
      loadSeconds: o.loadSeconds,
      pageSeconds: o.pageSeconds,
      slices: o.slices,
      clients: CLIENTS,
      hubEnv: { ...HUB_SETTINGS, PARTNER_KEYS: '(one benchmark key)', NODE_ENV: 'production' },
      hubNodeArgs: startNodeArgs(),
      postgraphile: `postgraphile ${(JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'postgraphile', 'package.json'), 'utf8')) as { version: string }).version}, Amber preset`,
    },
    engines: {},
  };
  if (!o.quick && process.argv.includes('--merge') && existsSync(o.outJson)) {
    // Keep the other engines' figures from an earlier run when only some engines are measured now.
    const earlier = JSON.parse(readFileSync(o.outJson, 'utf8')) as QueryBenchResults;
    for (const [e, r] of Object.entries(earlier.engines)) if (!o.engines.includes(e as Engine)) results.engines[e as Engine] = r;
  }
  for (const engine of o.engines) {
    results.engines[engine] = await runEngine(o, engine, dist, bundle, roundId, meta.number);
  }
  results.machine.loadAverageEnd = os.loadavg()[0];
  mkdirSync(path.dirname(o.outJson), { recursive: true });
  writeFileSync(o.outJson, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(o.outMd, renderReport(results));
  log(`wrote ${path.relative(ROOT, o.outJson)} and ${path.relative(ROOT, o.outMd)}`);
  const measured = o.engines.map((e) => results.engines[e] as EngineResult);
  const problems = measured.flatMap((r) => (r.failed ? [`${r.engine}: ${r.failed}`] : r.problems.map((p) => `${r.engine}: ${p}`)));
  for (const p of problems) log(`problem: ${p}`);
  // A smoke run fails on anything that is broken; a full run reports and leaves judging to the reader.
  if (measured.some((r) => r.failed) || (o.quick && problems.length)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
