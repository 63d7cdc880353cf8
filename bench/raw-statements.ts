import 'reflect-metadata';
import { Client } from 'pg';
import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/orm/data-source';
import { buildHubSchema } from '../src/schema/build-schema';
import { createHub } from '../src/server/app';
import { createLogger } from '../src/server/logger';
import type { LoadResult } from './load-test';
import { postgresCpu, postgresCpuSince } from './process-cpu';
import { poolOptionsOf, readConnectionDefaults } from '../src/db/postgres-snapshots';
import { statementName } from '../src/db/prepared-statements';

/** The statement_timeout of the raw connections: the benchmark hub's budget (REQUEST_TIME_BUDGET_MS). */
const RAW_BUDGET_MS = 120_000;

/**
 * The physical limit of a GraphQL request on PostgreSQL: the very statements the hub sends for
 * it (the data statements with their parameters, inside the snapshot's BEGIN and COMMIT when the
 * request has a transaction; a compiled page has none), sent again and
 * again by N clients through node-pg, the hub's own driver, the way the hub sends them (simple
 * protocol without parameters, named prepared statements with them, on connections with the
 * read pool's defaults), with no GraphQL, ORM or
 * HTTP around them. What the hub adds to a request is the difference.
 */

export interface Statement {
  sql: string;
  params: unknown[] | undefined;
  /** The startup options of the hub's pool that ran it (pg's `options`: its plan cache mode among them). */
  connectionOptions?: string;
}

/** A TypeORM logger that keeps the statements sent, with their parameters. */
class StatementLog extends AbstractLogger {
  statements: Statement[] = [];

  constructor() {
    super(['query']);
  }

  protected writeLog(level: LogLevel, message: LogMessage | LogMessage[], runner?: QueryRunner): void {
    if (level !== 'query') return;
    const options = poolOptionsOf(runner);
    for (const m of Array.isArray(message) ? message : [message]) {
      this.statements.push({ sql: String(m.message), params: m.parameters as unknown[] | undefined, connectionOptions: options });
    }
  }
}

/**
 * The statements the hub sends for `query` (as a caller with `authorization`), read by running it
 * once through a hub built in this process on `databaseUrl`, with the benchmark's settings.
 */
export async function statementsOf(databaseUrl: string, query: string, authorization: string, env: Record<string, string>): Promise<Statement[]> {
  const log = new StatementLog();
  const config = loadConfig({ ...env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  const ds = await openDatabase(config, { logger: log });
  try {
    const hub = await createHub(config, ds, await buildHubSchema(), createLogger('silent'));
    try {
      log.statements = [];
      const response = await hub.apollo.executeOperation({ query }, { contextValue: await hub.contextFor(authorization) });
      const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
      if (!body?.data || body.errors) throw new Error(`the hub did not answer the operation: ${JSON.stringify(body?.errors ?? response.body).slice(0, 300)}`);
      // A snapshot's COMMIT is sent as the answer goes out: wait for it, when the request began one.
      const began = () => log.statements.some((s) => /^\s*BEGIN/i.test(s.sql));
      for (let i = 0; i < 50 && began() && !log.statements.some((s) => /^\s*COMMIT/i.test(s.sql)); i++) await new Promise((r) => setTimeout(r, 20));
      return log.statements;
    } finally {
      await hub.apollo.stop();
    }
  } finally {
    await ds.destroy();
  }
}

/**
 * `clients` connections each send `statements` in a loop for `seconds`; one pass is one answer.
 * CPU per answer: this process's (node-pg's side) as the server's, and PostgreSQL's.
 */
export async function rawLoad(databaseUrl: string, statements: readonly Statement[], o: { clients: number; seconds: number }): Promise<LoadResult> {
  const connections = await Promise.all(
    Array.from({ length: o.clients }, async () => {
      // The defaults of the hub's read pool that ran them (statement_timeout, random_page_cost, and
      // custom plans, or generic ones for a compiled page whose plan depends on no value).
      const options = statements.find((s) => s.connectionOptions)?.connectionOptions ?? readConnectionDefaults(RAW_BUDGET_MS);
      const c = new Client({ connectionString: databaseUrl, options });
      await c.connect();
      return c;
    }),
  );
  const latencies: number[] = [];
  let errors = 0;
  const samples = new Set<string>();
  try {
    const cpuBefore = process.cpuUsage();
    const dbBefore = postgresCpu();
    const start = performance.now();
    const end = start + o.seconds * 1000;
    await Promise.all(
      connections.map(async (c) => {
        while (performance.now() < end) {
          const t0 = performance.now();
          try {
            // As the hub sends them: statements with parameters named and prepared once per connection.
            for (const s of statements) await (s.params?.length ? c.query({ name: statementName(s.sql), text: s.sql, values: s.params }) : c.query(s.sql));
            latencies.push(performance.now() - t0);
          } catch (e) {
            errors += 1;
            if (samples.size < 5) samples.add(e instanceof Error ? e.message : String(e));
            await c.query('ROLLBACK').catch(() => undefined);
          }
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const dbMs = dbBefore ? postgresCpuSince(dbBefore) : null;
    const ok = latencies.length;
    latencies.sort((a, b) => a - b);
    // Rounded to 0.1 ms (autocannon reports whole ms).
    const tenth = (ms: number) => Math.round(ms * 10) / 10;
    const at = (q: number) => (ok ? tenth(latencies[Math.min(ok - 1, Math.floor(q * ok))]) : 0);
    return {
      clients: o.clients,
      seconds,
      okPerSec: ok / seconds,
      ok,
      errors,
      errorSamples: [...samples],
      inFlight: 0,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      meanMs: ok ? tenth(latencies.reduce((s, l) => s + l, 0) / ok) : 0,
      serverCpuMsPerAnswer: ok ? (cpu.user + cpu.system) / 1000 / ok : undefined,
      postgresCpuMsPerAnswer: ok && dbMs !== null ? dbMs / ok : undefined,
    };
  } finally {
    await Promise.all(connections.map((c) => c.end().catch(() => undefined)));
  }
}
