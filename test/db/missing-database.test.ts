import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase } from '../../src/orm/data-source';

const SERVER_URL = process.env.DATABASE_URL;

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function urlFor(database: string, user?: string, password?: string): string {
  const url = new URL(SERVER_URL!);
  url.pathname = `/${database}`;
  if (user) url.username = user;
  if (password) url.password = password;
  return url.toString();
}

// What happens to a DATABASE_URL naming a database that does not exist is a PostgreSQL question;
// the SQLite run of the suite creates its file by itself (covered by the start-up test).
const onPostgres = SERVER_URL ? describe : describe.skip;

onPostgres('Database: a DATABASE_URL naming a database that does not exist yet', () => {
  const name = `dtm_missing_${randomBytes(5).toString('hex')}`;
  const role = `dtm_nocreate_${randomBytes(5).toString('hex')}`;

  afterAll(async () => {
    await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await onServer(`DROP ROLE IF EXISTS ${role}`);
  });

  it('creates the database when the server allows it, then migrates it', async () => {
    const ds = await openDatabase({ DATABASE_URL: urlFor(name), SQLITE_PATH: ':memory:' });
    try {
      expect(await ds.query('SELECT current_database() AS db')).toEqual([{ db: name }]);
      expect(await ds.query('SELECT count(*)::int AS n FROM round')).toEqual([{ n: 0 }]);
    } finally {
      await ds.destroy();
    }
  });

  it('says how to create the database when the user may not, without repeating the password', async () => {
    await onServer(`CREATE ROLE ${role} LOGIN NOCREATEDB PASSWORD 'hunter2-secret'`);
    const other = `${name}_other`;
    let message = '';
    await openDatabase({ DATABASE_URL: urlFor(other, role, 'hunter2-secret'), SQLITE_PATH: ':memory:' }).then(
      () => undefined,
      (e: Error) => (message = e.message),
    );
    expect(message).toContain(`PostgreSQL database "${other}" does not exist`);
    expect(message).toContain(`user "${role}" could not create it (permission denied to create database)`);
    expect(message).toContain(`createdb -h ${new URL(SERVER_URL!).hostname} -p ${new URL(SERVER_URL!).port || '5432'} -U postgres -O ${role} ${other}`);
    expect(message).not.toContain('hunter2');
  });
});
