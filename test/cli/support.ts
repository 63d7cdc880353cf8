import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runCli } from '../../src/cli/run';

export const ROOT = path.join(__dirname, '..', '..');

/** The version the package declares, read here from package.json, not from the code under test. */
export const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface Ran {
  code: number | null;
  out: string;
  err: string;
}

/** `dtm-hub ...` in-process with exactly the environment given (no .env, no process.env). */
export async function dtmHub(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<Ran> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(argv, { stdout, stderr, env, quiet: true });
  return { code, out: stdout.text, err: stderr.text };
}

/**
 * A built entry point (`dist/...`, which `npm test` builds first) run as its own process, with
 * the packages it loaded: their folder names under node_modules, from `require.cache` at exit.
 */
export function runBuilt(script: string, args: string[], env: NodeJS.ProcessEnv): Ran & { packages: string[] } {
  const recorded = path.join(__dirname, 'fixtures', 'record-loaded-modules.js');
  const r = spawnSync(process.execPath, ['--require', recorded, path.join(ROOT, 'dist', script), ...args], { env, encoding: 'utf8', timeout: 60000 });
  const marker = r.stderr.lastIndexOf('\nloaded modules: ');
  const modules = JSON.parse(r.stderr.slice(marker + '\nloaded modules: '.length)) as string[];
  const packages = [...new Set(modules.flatMap((m) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m)?.[1] ?? []))].sort();
  return { code: r.status, out: r.stdout, err: r.stderr.slice(0, marker), packages };
}
