import { randomBytes } from 'node:crypto';
import { onServer } from './template-store';

/**
 * Per-file PostgreSQL databases, copied from a template one file ahead. `CREATE DATABASE ...
 * TEMPLATE` and `DROP DATABASE` wait mostly on the disk (WAL and fsync), about 0.15 and 0.1 s on
 * this project's machines: a worker makes the next file's copy and drops the previous file's while
 * the current file runs, rather than between files. What a worker leaves when the run ends (its
 * last copies made ahead, a drop still running) is the global teardown's, which first waits for
 * the run's statements still running on the server (`settleRun`).
 */
const ahead = new Map<string, Promise<string>>();

async function createCopy(url: string, template: string, prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer(url, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return name;
}

/** A fresh copy of `template` (the one made ahead for it, when there is one), and the next one started. */
export async function takeCopy(url: string, template: string, prefix: string): Promise<string> {
  const made = ahead.get(template);
  ahead.delete(template);
  const name = (made && (await made.catch(() => undefined))) || (await createCopy(url, template, prefix));
  const next = createCopy(url, template, prefix);
  // A failed copy ahead is made again when it is asked for; the teardown drops a half-made one.
  next.catch(() => undefined);
  ahead.set(template, next);
  return name;
}

/** Drops a file's database while the next file runs; a failed drop is the teardown's to finish. */
export function dropInBackground(url: string, name: string): Promise<void> {
  onServer(url, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => undefined);
  return Promise.resolve();
}

/** Waits (up to a minute) until no statement creating or dropping a database of the run is still running on the server. */
export async function settleRun(url: string, prefix: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  await onServer(url, async (admin) => {
    for (;;) {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE pid <> pg_backend_pid() AND state = 'active'
            AND (query LIKE 'CREATE DATABASE ' || $1 || '%' OR query LIKE 'DROP DATABASE IF EXISTS ' || $1 || '%')`,
        [`${prefix}_`],
      );
      if (rows[0].n === 0 || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
}
