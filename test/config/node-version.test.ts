import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { nodeVersionSatisfies, nodeVersionWarning } from '../../src/config/node-version';

const ROOT = path.join(__dirname, '../..');
const RANGE = '^22.15.0 || >=24.0.0';

// The install-time twin (plain JavaScript, runs before anything is compiled).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const installTime = require(path.join(ROOT, 'scripts/check-node.js')) as {
  nodeVersionSatisfies: typeof nodeVersionSatisfies;
  nodeVersionWarning: typeof nodeVersionWarning;
};

// Expected verdicts by hand from npm's semver rules for the engines range.
const CASES: [string, boolean][] = [
  ['v20.20.2', false],
  ['v18.0.0', false],
  ['v22.14.9', false],
  ['v22.15.0', true],
  ['v22.23.3', true],
  ['v23.11.0', false],
  ['v24.0.0', true],
  ['v25.2.1', true],
];

describe('Config: the Node.js version check', () => {
  it('package.json still declares the range these cases were worked out for', () => {
    expect(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node).toBe(RANGE);
  });

  it.each(CASES)('judges %s against the engines range as supported: %s', (version, supported) => {
    expect(nodeVersionSatisfies(version, RANGE)).toBe(supported);
    expect(installTime.nodeVersionSatisfies(version, RANGE)).toBe(supported);
  });

  it('says in one sentence what is supported, what runs, and what happens on an unsupported version', () => {
    const expected =
      'DTM Hub supports Node.js ^22.15.0 || >=24.0.0 (engines in package.json) and this is Node.js v20.20.2: ' +
      'it goes on and will likely run, but it is untested on this version.';
    expect(nodeVersionWarning('v20.20.2', RANGE)).toBe(expected);
    expect(nodeVersionWarning('20.20.2', RANGE)).toBe(expected);
    expect(installTime.nodeVersionWarning('v20.20.2', RANGE)).toBe(expected);
  });

  it('says nothing on a supported version', () => {
    expect(nodeVersionWarning('v22.15.0', RANGE)).toBeUndefined();
    expect(installTime.nodeVersionWarning('v24.11.1', RANGE)).toBeUndefined();
  });

  it('says nothing when the range is beyond what it understands, rather than a wrong warning', () => {
    expect(nodeVersionWarning('v20.0.0', '22.x || 24.x')).toBeUndefined();
    expect(installTime.nodeVersionWarning('v20.0.0', '22.x || 24.x')).toBeUndefined();
  });

  it('understands the other plain comparators', () => {
    expect(nodeVersionSatisfies('v20.5.0', '>=20.1 <21')).toBe(true);
    expect(nodeVersionSatisfies('v21.0.0', '>=20.1 <21')).toBe(false);
    expect(nodeVersionSatisfies('v20.5.3', '~20.5.1')).toBe(true);
    expect(nodeVersionSatisfies('v20.6.0', '~20.5.1')).toBe(false);
    expect(installTime.nodeVersionSatisfies('v20.6.0', '~20.5.1')).toBe(false);
  });

  it('prints the sentence from the preinstall script on this machine exactly when this Node.js is outside the range', () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/check-node.js')], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const expected = nodeVersionWarning(process.version, RANGE);
    expect(run.stderr).toBe(expected === undefined ? '' : expected + '\n');
  });

  it('logs the sentence as the first warning when the built hub starts, exactly when this Node.js is outside the range', () => {
    // A database path under a file stops the hub right after the check, before it listens.
    const env: NodeJS.ProcessEnv = { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: 'info', SQLITE_PATH: path.join(ROOT, 'package.json', 'hub.sqlite') };
    delete env.DATABASE_URL;
    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist/src/main.js')], { cwd: ROOT, encoding: 'utf8', env });
    expect(run.status).toBe(1);
    const expected = nodeVersionWarning(process.version, RANGE);
    if (expected === undefined) {
      expect(run.stdout).not.toContain('DTM Hub supports Node.js');
    } else {
      const first = JSON.parse(run.stdout.split('\n')[0]) as { level: number; msg: string; node: string };
      expect(first).toMatchObject({ level: 40, msg: expected, node: process.version });
    }
  });
});
