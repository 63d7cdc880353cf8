import { Client } from 'pg';

/** PostgreSQL's SQLSTATE for "database ... does not exist" (invalid_catalog_name). */
const INVALID_CATALOG_NAME = '3D000';
/** Someone else created it between our two attempts (duplicate_database): as good as created. */
const DUPLICATE_DATABASE = '42P04';

export class MissingDatabaseError extends Error {}

export function isMissingDatabase(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === INVALID_CATALOG_NAME;
}

/** Quotes a name for SQL the way PostgreSQL's quote_ident does. */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Creates the database a PostgreSQL URL names, connecting to the server's `postgres` maintenance
 * database as the same user. When the server does not allow it (no CREATEDB privilege, no
 * maintenance database), the error says how to create it by hand. The URL's password is never
 * repeated.
 */
export async function createMissingDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  const user = decodeURIComponent(target.username) || process.env.PGUSER || process.env.USER || 'postgres';
  const host = target.hostname || 'localhost';
  const port = target.port || '5432';
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } catch (e) {
    if ((e as { code?: unknown }).code === DUPLICATE_DATABASE) return;
    const reason = e instanceof Error ? e.message : String(e);
    throw new MissingDatabaseError(
      `PostgreSQL database "${name}" does not exist on ${host}:${port}, and user "${user}" could not create it (${reason}). ` +
        `Create it as a user allowed to, e.g. \`createdb -h ${host} -p ${port} -U postgres -O ${user} ${name}\` ` +
        `or, in psql, \`CREATE DATABASE ${quoteIdent(name)} OWNER ${quoteIdent(user)};\`, then start again.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
