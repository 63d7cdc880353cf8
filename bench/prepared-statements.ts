import 'reflect-metadata';
import { Client } from 'pg';
import { statementName } from '../src/db/prepared-statements';
import { processCpuMs } from './process-cpu';
import { Statement, statementsOf } from './raw-statements';

/**
 * What a named prepared statement saves on the hub's nested page (issue 26): the statements the
 * hub sends for the page (its snapshot's BEGIN, the page statement, COMMIT), sent again and again
 * through node-pg in three forms that take turns in short runs, in one process:
 *
 * - unnamed: as TypeORM sends a statement with parameters (parsed, analysed and planned each time);
 * - named, custom plans: as the hub sends it now (parsed once per connection; planned each time,
 *   plan_cache_mode = force_custom_plan, as the hub's connections run);
 * - named, auto: PostgreSQL's default plan cache (a generic plan after five executions when it
 *   looks no costlier), for reference.
 *
 * For each: pages per second, this process's CPU per page (node-pg's side) and the CPU per page of
 * the PostgreSQL backends serving these connections only (from /proc, by backend pid, so other
 * work on the server does not count).
 *
 *   DATABASE_URL=postgres://... node dist/bench/prepared-statements.js [--round 99] [--first 100] [--seconds 30] [--slices 6] [--clients 1,2]
 *   (the database holds an imported round, e.g. the 200,000-respondent bench bundle)
 */

const PARTNER_KEY = 'bench-partner-key-not-a-secret-0001';
const HUB_SETTINGS = { SEED_ON_START: 'false', PARTNER_KEYS: PARTNER_KEY, LOG_LEVEL: 'warn', MAX_QUERY_COMPLEXITY: '1000000', REQUEST_TIME_BUDGET_MS: '120000' };

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

type Form = 'unnamed' | 'named, custom plans' | 'named, auto';

interface FormResult {
  pages: number;
  seconds: number;
  clientCpuMs: number;
  backendCpuMs: number;
}

function withOption(url: string, option: string | undefined): string {
  if (!option) return url;
  const u = new URL(url);
  u.searchParams.set('options', option);
  return u.toString();
}

async function run(url: string, form: Form, statements: readonly Statement[], clients: number, seconds: number): Promise<FormResult> {
  const option = form === 'named, custom plans' ? '-c plan_cache_mode=force_custom_plan' : form === 'named, auto' ? '-c plan_cache_mode=auto' : undefined;
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const c = new Client({ connectionString: withOption(url, option) });
      await c.connect();
      const [{ pid }] = (await c.query('SELECT pg_backend_pid() AS pid')).rows as { pid: number }[];
      return { c, pid };
    }),
  );
  const send = (c: Client, s: Statement) =>
    form !== 'unnamed' && s.params?.length ? c.query({ name: statementName(s.sql), text: s.sql, values: s.params }) : c.query(s.sql, s.params);
  try {
    // Each connection prepares (and, for auto, settles its plan) before the clock starts.
    for (const { c } of connections) for (let i = 0; i < 8; i++) for (const s of statements) await send(c, s);
    const backendBefore = connections.map(({ pid }) => processCpuMs(pid) ?? 0);
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const end = start + seconds * 1000;
    let pages = 0;
    await Promise.all(
      connections.map(async ({ c }) => {
        while (performance.now() < end) {
          for (const s of statements) await send(c, s);
          pages += 1;
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const backendCpuMs = connections.reduce((sum, { pid }, i) => sum + (processCpuMs(pid) ?? 0) - backendBefore[i], 0);
    return { pages, seconds: elapsed, clientCpuMs: (cpu.user + cpu.system) / 1000, backendCpuMs };
  } finally {
    await Promise.all(connections.map(({ c }) => c.end().catch(() => undefined)));
  }
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to a PostgreSQL database with an imported round');
  const round = Number(arg('--round', '99'));
  const first = Number(arg('--first', '100'));
  const seconds = Number(arg('--seconds', '30'));
  const slices = Number(arg('--slices', '6'));
  const clientCounts = arg('--clients', '1,2').split(',').map(Number);
  const page = `query BenchNestedPage { respondents(first: ${first}, filter: { round: ${round} }) { edges { node { id household { travellingSize children { age sex } } } } } }`;
  const statements = await statementsOf(url, page, `Bearer ${PARTNER_KEY}`, HUB_SETTINGS);
  console.log(`statements of the nested page (round ${round}, first ${first}): ${statements.length}, ${statements.filter((s) => s.params?.length).length} with parameters`);
  const forms: Form[] = ['unnamed', 'named, custom plans', 'named, auto'];
  const sliceSeconds = Math.max(1, Math.round(seconds / slices));
  for (const clients of clientCounts) {
    const totals = new Map<Form, FormResult>(forms.map((f) => [f, { pages: 0, seconds: 0, clientCpuMs: 0, backendCpuMs: 0 }]));
    for (let slice = 0; slice < slices; slice++) {
      for (const form of slice % 2 === 0 ? forms : [...forms].reverse()) {
        const r = await run(url, form, statements, clients, sliceSeconds);
        const t = totals.get(form)!;
        t.pages += r.pages;
        t.seconds += r.seconds;
        t.clientCpuMs += r.clientCpuMs;
        t.backendCpuMs += r.backendCpuMs;
      }
    }
    console.log(`\n${clients} client(s), ${slices} slices of ${sliceSeconds} s each:`);
    console.log('form                  pages/s   client CPU ms/page   backend CPU ms/page   wall ms/page');
    for (const [form, t] of totals) {
      const perPage = (ms: number) => (ms / t.pages).toFixed(3);
      console.log(
        `${form.padEnd(20)}  ${(t.pages / t.seconds).toFixed(1).padStart(7)}   ${perPage(t.clientCpuMs).padStart(18)}   ${perPage(t.backendCpuMs).padStart(19)}   ${((t.seconds * 1000 * clients) / t.pages).toFixed(3).padStart(12)}`,
      );
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
