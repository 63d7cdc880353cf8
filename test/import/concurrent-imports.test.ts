import { spawn } from 'node:child_process';
import { DataSource } from 'typeorm';
import { readDataVersion } from '../../src/db/data-version';
import { builtFile } from '../support/built-hub';
import { generatedBundle } from '../support/generated-bundle';
import { bundleVariant, FIXTURE, openTestDb, OpenDb, removeTempDirs, setCell, snapshot } from './support';

/** The built command line, as operators run it (rebuilt first when the sources changed). */
const CLI = builtFile('src/cli/main.js');

/** Respondents of the long import: enough for its write to last seconds, while the other one starts. */
const LONG_ROUND_RESPONDENTS = 20_000;

interface Run {
  code: number | null;
  out: string;
  err: string;
}

interface Running {
  /** Resolves once the process has written text matching `pattern` on stderr. */
  printed(pattern: RegExp): Promise<void>;
  done: Promise<Run>;
}

/**
 * The line an import prints when it has checked its whole bundle, just before it takes the lock to
 * write. (A plain `checking:` line also comes every 5 s during a long check: starting the second
 * import on it, a loaded machine let the second one check and write first.)
 */
const CHECKED = /^checking: .*, 100%/m;

/** Words SQLite and PostgreSQL use when a lock or a duplicate gets in the way. */
const DRIVER_WORDS = /SQLITE_BUSY|database is locked|duplicate key|deadlock|transaction is aborted/i;

describe('Import: two imports at once (the built CLI, two processes)', () => {
  let t: OpenDb;
  let env: NodeJS.ProcessEnv;
  let longRound: string;
  /** What the long import reports, from the generator's own counts. */
  let longImported: string;
  let smallRound11: string;

  beforeAll(async () => {
    t = await openTestDb();
    env = { ...process.env, SQLITE_PATH: t.db.config.SQLITE_PATH, DATABASE_URL: t.db.config.DATABASE_URL };
    if (!t.db.config.DATABASE_URL) delete env.DATABASE_URL;
    const { dir, counts: c } = await generatedBundle({ respondents: LONG_ROUND_RESPONDENTS, number: 12, seed: 3 });
    longRound = dir;
    longImported = `Imported round PER-12: ${c.respondents} respondents, ${c.households} households, ${c.children} children.\n`;
    smallRound11 = bundleVariant({ 'round.json': (text) => text.replace('"number": 7', '"number": 11') });
  });

  afterAll(async () => {
    await t.close();
    removeTempDirs();
  });

  function start(...args: string[]): Running {
    const proc = spawn(process.execPath, [CLI, 'import', ...args], { env });
    let out = '';
    let err = '';
    const waiters: { pattern: RegExp; resolve: () => void }[] = [];
    proc.stdout.on('data', (d) => (out += d));
    proc.stderr.on('data', (d) => {
      err += d;
      for (const w of waiters.filter((x) => x.pattern.test(err))) w.resolve();
    });
    // The first line names the database (test/cli/target-database.test.ts); the rest is the import's.
    const done = new Promise<Run>((resolve) => proc.on('close', (code) => resolve({ code, out, err: err.replace(/^database: .*\n/, '') })));
    return {
      printed: (pattern) =>
        new Promise<void>((resolve, reject) => {
          if (pattern.test(err)) return resolve();
          waiters.push({ pattern, resolve });
          void done.then((r) => reject(new Error(`the import ended before printing ${pattern}: ${JSON.stringify(r)}`)));
        }),
      done,
    };
  }

  async function rounds(ds: DataSource): Promise<Record<string, number>> {
    const rows = (await ds.query('SELECT r.id AS id, COUNT(p.id) AS n FROM round r LEFT JOIN respondent p ON p.round_id = r.id GROUP BY r.id ORDER BY r.id')) as {
      id: string;
      n: number | string;
    }[];
    return Object.fromEntries(rows.map((r) => [r.id, Number(r.n)]));
  }

  it('makes the second import wait for the first, printing that it waits, then imports both', async () => {
    expect(await start(FIXTURE, '--quiet').done).toEqual({ code: 0, out: 'Imported round PER-7: 5 respondents, 5 households, 7 children.\n', err: '' });
    const version = await readDataVersion(t.ds.manager);

    const first = start(longRound);
    // The long import has checked its bundle and goes on to write: the second starts now, and its
    // small bundle is checked long before the first has written 20,000 respondents.
    await first.printed(CHECKED);
    const second = start(smallRound11);
    const [a, b] = await Promise.all([first.done, second.done]);

    expect(a).toEqual({ code: 0, out: longImported, err: expect.stringMatching(/^checking: .*\nwriting: /s) });
    expect(b).toEqual({
      code: 0,
      out: 'Imported round PER-11: 5 respondents, 5 households, 7 children.\n',
      // The first report comes after the first attempt, which on SQLite waits in the busy handler:
      // on a loaded machine that can round to 1 s.
      err: expect.stringMatching(/^checking: .*\n(waiting for another import to finish \(\d+ s\)…\n)+writing: /s),
    });
    expect(`${a.out}${a.err}${b.out}${b.err}`).not.toMatch(DRIVER_WORDS);
    expect(await rounds(t.ds)).toEqual({ 'PER-7': 5, 'PER-11': 5, 'PER-12': LONG_ROUND_RESPONDENTS });
    expect(await readDataVersion(t.ds.manager)).toBe(version + 2);
  });

  // One long import serves both refusals: each second import is refused at once or after 1 s and
  // writes nothing, so neither changes what the other meets (a third long import cost seconds).
  describe('while a long import writes', () => {
    let before: Awaited<ReturnType<typeof snapshot>>;
    let version: number;
    let changed: string;
    let first: Run;
    let pastWait: Run;
    let asJson: Run;

    beforeAll(async () => {
      before = await snapshot(t.ds);
      version = await readDataVersion(t.ds.manager);
      // The first import writes PER-12 again, row for row the same; the refused ones would add or change PER-11.
      changed = bundleVariant({
        'round.json': (text) => text.replace('"number": 7', '"number": 11'),
        'respondents.csv': (text) => setCell(text, 2, 'age', '61'),
      });
      const long = start(longRound);
      await long.printed(CHECKED);
      [first, pastWait, asJson] = await Promise.all([long.done, start(changed, '--wait', '1').done, start(smallRound11, '--json', '--wait', '0', '--quiet').done]);
    });

    it('refuses the second import past --wait with a sentence and exit 1, leaving the database exactly as the first one alone would', async () => {
      expect(first).toEqual({ code: 0, out: longImported, err: expect.stringMatching(/^checking: .*\nwriting: /s) });
      expect(pastWait).toEqual({
        code: 1,
        out:
          `${changed} was not imported: another import was writing to the database and had not finished after 1 s, the longest this import waits; ` +
          'nothing was written. Run this import again when the other one has finished (or wait longer than 1 s with --wait).\n',
        err: expect.stringMatching(/^checking: .*\nwaiting for another import to finish \(0 s\)…\n$/s),
      });
      expect(`${first.out}${first.err}${pastWait.out}${pastWait.err}${asJson.out}${asJson.err}`).not.toMatch(DRIVER_WORDS);
      expect(await snapshot(t.ds)).toEqual(before);
      expect(await readDataVersion(t.ds.manager)).toBe(version + 1);
    });

    it('gives the refusal as JSON with --json, with ok false, no violations and the sentence', () => {
      expect({ code: asJson.code, err: asJson.err, json: JSON.parse(asJson.out) }).toEqual({
        code: 1,
        err: '',
        json: {
          dryRun: false,
          ok: false,
          violations: [],
          totalViolations: 0,
          warnings: [],
          refused:
            'another import was writing to the database and had not finished after 0 s, the longest this import waits; ' +
            'nothing was written. Run this import again when the other one has finished',
        },
      });
    });
  });
});
