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
