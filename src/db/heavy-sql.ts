/** A row of an aggregate statement: its columns by name. */
export type SqlRow = Record<string, string | number | null>;

/**
 * Runs one heavy read statement (named parameters) and returns its rows. A request's runs on its
 * read snapshot, through the heavy-work gate and within the time budget. It has the shape the
 * stats queries take (`StatsSql`, aggregation/stats.service.ts), so the request context carries it
 * without the modules importing aggregation.
 */
export type HeavySql = ((sql: string, params: Record<string, unknown>) => Promise<SqlRow[]>) & {
  /** The engine it runs on, for the one engine-specific part of a stats statement (medians). */
  engine?: 'postgres' | 'sqlite';
};
