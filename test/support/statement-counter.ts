import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from 'typeorm';
import { poolOptionsOf } from '../../src/db/postgres-snapshots';

/**
 * Statements that frame a request's read snapshot rather than fetch data: BEGIN (with PostgreSQL's
 * `SET LOCAL statement_timeout` in the same round trip), COMMIT, ROLLBACK, and the cancel sent when
 * a request runs out of time. Loader tests count data statements, so these are counted apart.
 */
const SESSION_STATEMENT = /^\s*(BEGIN|COMMIT|ROLLBACK|SELECT pg_cancel_backend)\b/i;

/** A TypeORM logger that counts the SQL statements sent, for loader tests. */
export class StatementCounter extends AbstractLogger {
  /** Data statements (the snapshot's BEGIN/COMMIT excluded). */
  count = 0;
  statements: string[] = [];
  /** For each data statement, the plan_cache_mode its PostgreSQL pool's connections start with (undefined elsewhere). */
  planModes: (string | undefined)[] = [];
  /** BEGIN/COMMIT/ROLLBACK and cancels: two per request that read anything. */
  sessionCount = 0;
  sessionStatements: string[] = [];

  constructor() {
    super(['query']);
  }

  protected writeLog(level: LogLevel, message: LogMessage | LogMessage[], runner?: QueryRunner): void {
    if (level !== 'query') return;
    const planMode = /plan_cache_mode=(\w+)/.exec(poolOptionsOf(runner) ?? '')?.[1];
    for (const m of Array.isArray(message) ? message : [message]) {
      const sql = String(m.message);
      if (SESSION_STATEMENT.test(sql)) {
        this.sessionCount += 1;
        this.sessionStatements.push(sql);
        continue;
      }
      this.count += 1;
      this.statements.push(sql);
      this.planModes.push(planMode);
    }
  }

  reset(): void {
    this.count = 0;
    this.statements = [];
    this.planModes = [];
    this.sessionCount = 0;
    this.sessionStatements = [];
  }
}
