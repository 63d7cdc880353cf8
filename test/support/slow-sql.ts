import { GraphQLError } from 'graphql';
import { DataSource } from 'typeorm';

/**
 * A statement that keeps the database busy (CPU, constant memory) far longer than any test waits
 * for it, so that only a cancellation ends it: SQLite counts through a recursive CTE (one row in
 * its queue at a time), PostgreSQL counts a set-returning function streamed by ProjectSet (a
 * recursive CTE there would store every row). Run through a request's stats runner, it stands for
 * a heavy stats statement, deterministically.
 */
export function endlessCount(ds: DataSource): string {
  return ds.options.type === 'postgres'
    ? 'SELECT COUNT(*) AS total FROM (SELECT generate_series(1, 2000000000000) AS x) s'
    : 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000000) SELECT COUNT(*) AS total FROM c';
}

/**
 * Runs `work` (a statement that only a cancellation ends, such as `endlessCount`), then `release`,
 * and expects what a request past its budget gets: TIME_BUDGET_EXCEEDED naming the budget, at the
 * budget (plus scheduling slack) and not before; on PostgreSQL the statement cancelled in the
 * server, not merely abandoned by the client. Returns the error.
 */
export async function expectCancelledAtBudget(
  ds: DataSource,
  budgetMs: number,
  work: () => Promise<unknown>,
  release: () => Promise<void>,
  /** Less when the request's clock started before `work` (an earlier statement of the session). */
  atLeastMs = budgetMs - 5,
): Promise<GraphQLError> {
  const started = performance.now();
  const error = await work().then(
    () => null,
    (e: unknown) => e,
  );
  const took = performance.now() - started;
  await release();
  expect(error).toBeInstanceOf(GraphQLError);
  expect((error as GraphQLError).extensions.code).toBe('TIME_BUDGET_EXCEEDED');
  expect((error as GraphQLError).message).toContain(`time budget of ${budgetMs} ms (REQUEST_TIME_BUDGET_MS)`);
  expect(took).toBeGreaterThanOrEqual(atLeastMs);
  expect(took).toBeLessThan(budgetMs + 2000);
  if (ds.options.type === 'postgres') {
    const [running] = await ds.query(
      `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%generate_series(%' AND state = 'active' AND pid <> pg_backend_pid()`,
    );
    expect(Number(running.n)).toBe(0);
  }
  return error as GraphQLError;
}
