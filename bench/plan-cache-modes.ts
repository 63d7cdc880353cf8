import 'reflect-metadata';
import { Client } from 'pg';
import { READ_RANDOM_PAGE_COST } from '../src/db/postgres-snapshots';
import { encodeCursor } from '../src/common/page';
import { Statement, statementsOf } from './raw-statements';

/**
 * Can a prepared page statement's plan go bad? (issue 26) The hub's page statement of a survey
 * point's respondents, as the hub sends it (`--shape parent`: `SurveyPoint.respondents`, the point's
 * id bound; `--shape filter`: `respondents(filter: { round, surveyPoint })`, the round's number and
 * the point's code bound), prepared on one connection and explained
 * (EXPLAIN ANALYZE EXECUTE) for skewed points under each `plan_cache_mode`: `force_custom_plan`,
 * `force_generic_plan`, and `auto` after six executions with one point (the plan PostgreSQL then
 * keeps), which is the case that goes bad when the first callers ask for a big point.
 * pg_prepared_statements says which kind of plan each execution got.
 *
 *   DATABASE_URL=postgres://... node dist/bench/plan-cache-modes.js --point 99:lima_flow --point 99:lima_centro ...
 *   (each point as round:code; the first six executions under auto use the first point, then each in turn)
 *
 * `--shape round`: the keyset page the compiled path runs with a generic plan,
 * `respondents(first: 100, after: <cursor>, filter: { round })` (the round's number through a
 * subquery, the cursor's id bound); each point is round:id, the page starting after that
 * respondent id (an id before every other, such as `0`, for the first rows of the round).
 */

const PARTNER_KEY = 'bench-partner-key-not-a-secret-0001';
const HUB_SETTINGS = { SEED_ON_START: 'false', PARTNER_KEYS: PARTNER_KEY, LOG_LEVEL: 'warn', MAX_QUERY_COMPLEXITY: '1000000', REQUEST_TIME_BUDGET_MS: '120000' };

/** Explains per point and mode, the median of this many (after one unmeasured run). */
const REPEATS = 5;

interface Point {
  round: number;
  code: string;
}

function points(): Point[] {
  const out: Point[] = [];
  process.argv.forEach((a, i) => {
    if (a !== '--point') return;
    const [round, ...code] = process.argv[i + 1].split(':');
    out.push({ round: Number(round), code: code.join(':') });
  });
  return out;
}

const NESTED = 'id household { travellingSize children { age sex } }';
const shape = process.argv.includes('--shape') ? process.argv[process.argv.indexOf('--shape') + 1] : 'parent';

const pageQuery = (p: Point) =>
  shape === 'round'
    ? `query BenchRoundPage { respondents(first: 100, after: "${encodeCursor(p.code)}", filter: { round: ${p.round} }) { edges { node { ${NESTED} } } } }`
    : shape === 'filter'
    ? `query BenchPointPage { respondents(first: 100, filter: { round: ${p.round}, surveyPoint: "${p.code}" }) { edges { node { ${NESTED} } } } }`
    : `query BenchPointPage { node(id: "SurveyPoint:PER-${p.round}:${p.code}") { ... on SurveyPoint { respondents(first: 100) { edges { node { ${NESTED} } } } } } }`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

interface Explained {
  planningMs: number;
  executionMs: number;
  rows: number;
  generic: boolean;
}

/** The page statement's parameters as SQL literals, for EXECUTE. */
const literals = (c: Client, values: unknown[]) => values.map((v) => (typeof v === 'number' ? String(v) : c.escapeLiteral(String(v)))).join(', ');

async function explain(c: Client, values: unknown[]): Promise<Explained> {
  const before = await plansOf(c);
  const [row] = (await c.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE page(${literals(c, values)})`)).rows as { 'QUERY PLAN': [{ 'Planning Time': number; 'Execution Time': number; Plan: { 'Actual Rows': number } }] }[];
  const after = await plansOf(c);
  const [plan] = row['QUERY PLAN'];
  return { planningMs: plan['Planning Time'], executionMs: plan['Execution Time'], rows: plan.Plan['Actual Rows'], generic: after.generic > before.generic };
}

async function plansOf(c: Client): Promise<{ generic: number; custom: number }> {
  const [r] = (await c.query("SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE name = 'page'")).rows as { generic: string; custom: string }[];
  return { generic: Number(r.generic), custom: Number(r.custom) };
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to a PostgreSQL database with an imported round');
  const ps = points();
  if (ps.length < 2) throw new Error('give two or more --point round:code');
  const sent: Statement[] = [];
  for (const p of ps) {
    const page = (await statementsOf(url, pageQuery(p), `Bearer ${PARTNER_KEY}`, HUB_SETTINGS)).filter((s) => s.params?.length && /LIMIT 101/.test(s.sql));
    if (page.length !== 1) throw new Error(`no single page statement for ${p.round}:${p.code}`);
    sent.push(page[0]);
  }
  if (new Set(sent.map((s) => s.sql)).size !== 1) throw new Error('the points do not share one page statement');
  const text = sent[0].sql;
  const valuesOf = (p: Point) => sent[ps.indexOf(p)].params!;
  console.log(`page statement (${shape}): ${text}\n`);
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const counts = await c.query(
      shape === 'round'
        ? // The round's respondents after the point's id.
          `SELECT p.round, p.code, (SELECT COUNT(*)::int FROM respondent x JOIN round r ON r.id = x.round_id WHERE r.number = p.round AND x.id > p.code) AS n
             FROM unnest($1::int[], $2::text[]) AS p(round, code)`
        : `SELECT r.number AS round, sp.code, COUNT(x.id)::int AS n FROM survey_point sp JOIN round r ON r.id = sp.round_id LEFT JOIN respondent x ON x.survey_point_id = sp.id GROUP BY 1, 2`,
      shape === 'round' ? [ps.map((p) => p.round), ps.map((p) => p.code)] : [],
    );
    const sizeOf = (p: Point) => (counts.rows as { round: number; code: string; n: number }[]).find((r) => r.round === p.round && r.code === p.code)?.n ?? 0;
    // As the hub's read transactions run (postgres-snapshots.ts).
    await c.query(`SET random_page_cost = ${READ_RANDOM_PAGE_COST}`);
    const scenarios: { mode: string; warm?: Point }[] = [
      { mode: 'force_custom_plan' },
      { mode: 'force_generic_plan' },
      ...ps.map((warm) => ({ mode: 'auto', warm })),
    ];
    console.log('mode                 first 6 executions     point (respondents)                       plan      planning ms  execution ms');
    for (const s of scenarios) {
      await c.query('DEALLOCATE ALL');
      await c.query(`SET plan_cache_mode = ${s.mode}`);
      await c.query(`PREPARE page AS ${text}`);
      if (s.warm) for (let i = 0; i < 6; i++) await c.query(`EXECUTE page(${literals(c, valuesOf(s.warm))})`);
      for (const p of ps) {
        await explain(c, valuesOf(p));
        const runs: Explained[] = [];
        for (let i = 0; i < REPEATS; i++) runs.push(await explain(c, valuesOf(p)));
        const kinds = new Set(runs.map((r) => (r.generic ? 'generic' : 'custom')));
        console.log(
          `${s.mode.padEnd(19)}  ${(s.warm ? `${s.warm.round}:${s.warm.code}` : '-').padEnd(21)}  ${`${p.round}:${p.code} (${sizeOf(p)})`.padEnd(40)}  ${[...kinds].join('+').padEnd(8)}  ${median(runs.map((r) => r.planningMs)).toFixed(3).padStart(11)}  ${median(runs.map((r) => r.executionMs)).toFixed(3).padStart(12)}`,
        );
      }
    }
  } finally {
    await c.end();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
