import { createHash } from 'node:crypto';
import { EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
import { passStatementGate } from './one-statement';

/**
 * PostgreSQL named prepared statements for the hub's statement shapes (entity-rows.ts). TypeORM
 * sends every statement with parameters as pg's unnamed statement, which PostgreSQL parses,
 * analyses and plans again on each execution. A named statement is parsed and analysed once per
 * connection, and each later execution sends only Bind/Execute with the values.
 *
 * Plans: PostgreSQL would switch a prepared statement to a generic plan (one plan for any values)
 * after five executions when that plan looks no costlier. For the hub's pages it can be far
 * slower on skewed values (a survey point with no respondents: docs/stats-performance.md), so the
 * hub's read connections run with `plan_cache_mode = force_custom_plan` (postgres-snapshots.ts): every
 * execution is still planned for its values; only the parse and analysis are saved.
 *
 * Bounds: pg keeps a connection's prepared statements for the connection's life (the pool closes
 * idle connections after 10 s). The shapes are at most 500 per data source (entity-rows.ts), but
 * one shape with a list parameter (`IN (:...ids)`) gives one text per list length, so a
 * connection prepares at most MAX_PER_CONNECTION statements; further new texts run unnamed.
 */

/** Statements prepared on one connection at most (each holds its parse tree in the server process). */
export const MAX_PER_CONNECTION = 100;

/** pg's client, as `PostgresQueryRunner.databaseConnection` holds it once connected. */
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
  connection?: { parsedStatements?: Record<string, string> };
}

/** Names by text, so that a repeated text is hashed once; bounded like the shapes. */
const MAX_NAMES = 1000;
const names = new Map<string, string>();

/** A name that only this text gets (PostgreSQL cuts names at 63 bytes: 4 + 40 here). */
export function statementName(text: string): string {
  let name = names.get(text);
  if (name === undefined) {
    name = `dtm_${createHash('sha1').update(text).digest('hex')}`;
    if (names.size >= MAX_NAMES) names.clear();
    names.set(text, name);
  }
  return name;
}

/**
 * Runs `text` with `values` as a named prepared statement on the connection of `m`'s query
 * runner, as TypeORM's own `query` would (logged once per execution, errors as QueryFailedError
 * with the driver's error), and returns its rows. Undefined when it cannot: not PostgreSQL, a
 * manager without a connected query runner of its own (then the caller runs it as TypeORM does),
 * or a connection that holds MAX_PER_CONNECTION statements already.
 */
export function runPrepared<R>(m: EntityManager, text: string, values: unknown[]): Promise<R[]> | undefined {
  if (m.connection.options.type !== 'postgres') return undefined;
  const runner = m.queryRunner;
  const client = (runner as unknown as { databaseConnection?: PgClient } | undefined)?.databaseConnection;
  const parsed = client?.connection?.parsedStatements;
  if (!runner || runner.isReleased || !client || !parsed) return undefined;
  const name = statementName(text);
  if (parsed[name] === undefined && Object.keys(parsed).length >= MAX_PER_CONNECTION) return undefined;
  try {
    // Past the runner's `query`: a one-statement session's guard must see it too (db/one-statement.ts).
    passStatementGate(runner);
  } catch (err) {
    return Promise.reject(err);
  }
  return execute<R>(runner, client, name, text, values);
}

async function execute<R>(runner: QueryRunner, client: PgClient, name: string, text: string, values: unknown[]): Promise<R[]> {
  const connection = runner.connection;
  connection.logger.logQuery(text, values, runner);
  const started = Date.now();
  try {
    const result = await client.query({ name, text, values });
    const slow = connection.options.maxQueryExecutionTime;
    const took = Date.now() - started;
    if (slow && took > slow) connection.logger.logQuerySlow(took, text, values, runner);
    return result.rows as R[];
  } catch (err) {
    connection.logger.logQueryError(err as Error, text, values, runner);
    throw new QueryFailedError(text, values, err as Error);
  }
}
