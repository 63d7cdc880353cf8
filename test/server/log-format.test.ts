import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/config';
import { createLogger, LogFormat } from '../../src/server/logger';
import { spawnBuiltHub } from '../support/built-hub';
import { createTestDatabase, TestDatabase } from '../support/database';

const KEY = 'log-test-partner-key-5f1c2a9e';
/** Values that must never reach a log line: a variable (answers travel in variables) and keys. */
const SECRETS = /MARKER-ANSWER-7731|log-test-partner-key|Bearer/;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

/** What the hub logs when it forgets itself: the fields its redaction must take out. */
const leaky = { variables: { answer: 'MARKER-ANSWER-7731' }, req: { headers: { authorization: `Bearer ${KEY}` } }, operation: 'Probe' };

const LOGGER_JS = path.join(__dirname, '../../dist/src/server/logger.js');
/** A process that logs one leaky line with the built logger and LOG_FORMAT unset. */
const PROBE = `require(${JSON.stringify(LOGGER_JS)}).createLogger('info').info(${JSON.stringify(leaky)}, 'probe line')`;

const stripColours = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('Server: log format (LOG_FORMAT) and redaction', () => {
  it('accepts LOG_FORMAT json or pretty, unset by default, and says so for anything else', () => {
    expect(loadConfig({}).LOG_FORMAT).toBeUndefined();
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).LOG_FORMAT).toBe('pretty');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT must be json or pretty (got "xml").');
  });

  it.each<LogFormat>(['json', 'pretty'])('removes variables and the authorization header in the %s format', (format) => {
    const out = new Capture();
    createLogger('info', format, out).info(leaky, 'probe line');
    expect(out.text).toContain('probe line');
    expect(out.text).toContain('Probe');
    expect(out.text).not.toMatch(SECRETS);
  });

  it('writes JSON lines when stdout is not a terminal and LOG_FORMAT is unset', () => {
    const r = spawnSync(process.execPath, ['-e', PROBE], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const line = JSON.parse(r.stdout);
    expect({ msg: line.msg, operation: line.operation, variables: line.variables, req: line.req }).toEqual({
      msg: 'probe line',
      operation: 'Probe',
      variables: undefined,
      req: { headers: {} },
    });
  });

  it('writes readable lines when stdout is a terminal and LOG_FORMAT is unset', () => {
    // util-linux `script` runs the probe with a pseudo-terminal as its stdout.
    const r = spawnSync('script', ['-qec', `"${process.execPath}" -e "$PROBE"`, '/dev/null'], { env: { PATH: process.env.PATH, PROBE }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const text = stripColours(r.stdout).replace(/\r\n/g, '\n');
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: probe line\n/);
    expect(text).toContain('\n    operation: "Probe"\n');
    expect(text).not.toMatch(SECRETS);
  });

  describe('the built hub', () => {
    const dbs: TestDatabase[] = [];
    let logsByFormat: Record<LogFormat, Promise<string>>;
    // Both hubs run at once, each on its own database: most of a hub's start-up is waiting
    // (loading modules, migrating), which the two then do side by side.
    beforeAll(() => {
      const run = async (format: LogFormat) => {
        const db = await createTestDatabase();
        dbs.push(db);
        return logsOf(format, db);
      };
      logsByFormat = { pretty: run('pretty'), json: run('json') };
      // Each test awaits its own: a failure is reported there, not as an unhandled rejection.
      for (const l of Object.values(logsByFormat)) l.catch(() => undefined);
    });
    afterAll(async () => {
      await Promise.allSettled(Object.values(logsByFormat));
      await Promise.all(dbs.map((db) => db.drop()));
    });

    /** Starts the hub with LOG_FORMAT set, sends a partner's request with variables, and stops it. */
    async function logsOf(format: LogFormat, db: TestDatabase): Promise<string> {
      const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'trace', LOG_FORMAT: format, SEED_ON_START: 'false', PARTNER_KEYS: KEY, ...db.config };
      if (!db.config.DATABASE_URL) delete env.DATABASE_URL;
      const hub = spawnBuiltHub(env);
      hub.port.catch(() => undefined); // the ready line is read below, in either format
      try {
        const [, port] = await hub.printed(/localhost:(\d+)\/graphql/, 0, 120_000);
        for (const country of ['PER', 'MARKER-ANSWER-7731']) {
          const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
            body: JSON.stringify({ operationName: 'Probe', query: 'query Probe($country: String) { rounds(country: $country) { number } }', variables: { country } }),
          });
          expect(res.status).toBe(200);
        }
        await hub.stop();
        return hub.output();
      } finally {
        if (hub.proc.exitCode === null) hub.proc.kill('SIGKILL');
      }
    }

    it('logs readable lines with LOG_FORMAT=pretty, and no variables, answers or keys', async () => {
      const logs = await logsByFormat.pretty;
      expect(logs.match(/\] INFO: graphql\n {4}operation: "Probe"/g)).toHaveLength(2);
      expect(logs).not.toMatch(/^\{/m);
      expect(logs).not.toMatch(SECRETS);
    });

    it('logs JSON lines with LOG_FORMAT=json, and no variables, answers or keys', async () => {
      const logs = await logsByFormat.json;
      const lines = logs.trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.filter((l) => l.msg === 'graphql').map((l) => l.operation)).toEqual(['Probe', 'Probe']);
      expect(logs).not.toMatch(SECRETS);
    });
  });
});
