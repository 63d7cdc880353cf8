import { spawnSync } from 'node:child_process';
import { createServer, Server } from 'node:net';
import path from 'node:path';
import { spawnBuiltHub } from '../support/built-hub';
import { createTestDatabase, TestDatabase } from '../support/database';
import { PACKAGE_VERSION } from '../cli/support';

const MAIN = path.join(__dirname, '../../dist/src/main.js');

/** The built hub (`node dist/src/main.js`) with arguments, run to its end. */
function hubWith(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 60000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('Server: the built hub answers --version and --help, and refuses a port in use in one sentence', () => {
  it('prints the version package.json declares with --version and -V, and exits 0 without starting', () => {
    expect(hubWith('--version')).toEqual({ code: 0, out: `${PACKAGE_VERSION}\n`, err: '' });
    expect(hubWith('-V')).toEqual({ code: 0, out: `${PACKAGE_VERSION}\n`, err: '' });
  });

  it('prints a usage that points to where the settings are documented with --help', () => {
    const { code, out, err } = hubWith('--help');
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^Usage: npm start/);
    for (const pointer of ['"Configuration" section', '.env.example', 'docs/README.md', 'dtm-hub --help']) expect(out).toContain(pointer);
  });

  it('refuses an argument it does not know with exit code 2, rather than starting without it', () => {
    expect(hubWith('--port', '5000')).toEqual({
      code: 2,
      out: '',
      err: 'error: unknown argument "--port": the hub takes only --help or --version; settings are environment variables (e.g. PORT=5000 npm start).\n',
    });
  });

  describe('a port in use', () => {
    let db: TestDatabase;
    let holder: Server;
    let port: number;

    beforeAll(async () => {
      db = await createTestDatabase();
      holder = createServer();
      await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
      port = (holder.address() as { port: number }).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => holder.close(resolve));
      await db.drop();
    });

    it('ends the hub with exit code 1 and one sentence naming the port, the host and PORT: no stack trace', async () => {
      const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', SEED_ON_START: 'false', ...db.config };
      if (!db.config.DATABASE_URL) delete env.DATABASE_URL;
      const hub = spawnBuiltHub(env);
      hub.port.catch(() => undefined); // it never listens: the exit below is what this test waits for
      let stderr = '';
      hub.proc.stderr.on('data', (d) => (stderr += d));
      const code = await new Promise<number | null>((resolve) => hub.proc.on('close', (c) => resolve(c)));
      expect({ code, stderr }).toEqual({
        code: 1,
        stderr: `Port ${port} on 127.0.0.1 is already in use by another program: stop it, or choose another port with PORT (in the environment or in .env).\n`,
      });
      expect(hub.output()).not.toMatch(/EADDRINUSE|\n\s+at /);
    });
  });
});
