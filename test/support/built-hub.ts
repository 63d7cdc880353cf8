import { ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { builtStamp, root, sourceStamp, STAMP_FILE } from '../../scripts/source-stamp';
import { withLockFileSync } from './lock-file';

/**
 * Makes sure dist/ was built from the sources as they are now (scripts/build.js stamps dist/ with a
 * hash of them): `npm test` builds first, but `npx jest` after an edit does not, and a stale dist/
 * would test yesterday's code. Rebuilds once, under a lock (workers may ask at the same time), and
 * fails with the reason when the build cannot bring dist/ up to date.
 */
export function ensureFreshBuild(): void {
  if (builtStamp() === sourceStamp()) return;
  mkdirSync(path.dirname(STAMP_FILE), { recursive: true });
  withLockFileSync(`${STAMP_FILE}.lock`, () => {
    if (builtStamp() === sourceStamp()) return;
    const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.js')], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0 || builtStamp() !== sourceStamp()) {
      throw new Error(
        `dist/ is not built from the current sources (${STAMP_FILE} does not match src/, seeds/, bench/), and ` +
          `\`node scripts/build.js\` did not fix it (exit ${build.status}):\n${build.stdout}${build.stderr}`,
      );
    }
  });
}

/** The path of a built file (`builtFile('src/cli/main.js')`), with dist/ brought up to date first. */
export function builtFile(relative: string): string {
  ensureFreshBuild();
  return path.join(root, 'dist', relative);
}

/** The built hub (`dist/src/main.js`, rebuilt first when the sources changed since) running as its own process. */
export interface BuiltHub {
  proc: ChildProcessWithoutNullStreams;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /**
   * The first match of `pattern` in what it prints past `from` (a length of `output()`), as soon
   * as it is printed; rejects after `timeoutMs` or when the hub exits first.
   */
  printed(pattern: RegExp, from?: number, timeoutMs?: number): Promise<RegExpExecArray>;
  /** The port it listens on, from its start-up log line; rejects if it exits first. */
  port: Promise<number>;
  /** Sends SIGTERM unless it has ended, and resolves with its exit code once its output is closed. */
  stop(): Promise<number | null>;
}

/** The Node options `npm start` runs the hub with (package.json's start script). */
export function startNodeOptions(): string[] {
  const start = (JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
  return start.slice(1, start.indexOf('dist/src/main.js'));
}

export function spawnBuiltHub(env: NodeJS.ProcessEnv, cwd?: string, nodeArgs: string[] = []): BuiltHub {
  const proc = spawn(process.execPath, [...nodeArgs, builtFile('src/main.js')], { env, cwd });
  let output = '';
  const watchers = new Set<() => void>();
  const watch = () => {
    for (const check of [...watchers]) check();
  };
  proc.stdout.on('data', (d) => ((output += d), watch()));
  proc.stderr.on('data', (d) => ((output += d), watch()));
  proc.on('exit', watch);
  const closed = new Promise<number | null>((resolve) => proc.once('close', (code) => resolve(code)));
  const printed = (pattern: RegExp, from = 0, timeoutMs = 10_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const settle = (end: () => void) => {
        clearTimeout(timer);
        watchers.delete(check);
        end();
      };
      const check = () => {
        const m = pattern.exec(output.slice(from));
        if (m) settle(() => resolve(m));
        else if (proc.exitCode !== null || proc.signalCode !== null) settle(() => reject(new Error(`hub exited before printing ${pattern}: ${output.slice(-2000)}`)));
      };
      const timer = setTimeout(() => settle(() => reject(new Error(`hub did not print ${pattern} within ${timeoutMs} ms: ${output.slice(-2000)}`))), timeoutMs);
      watchers.add(check);
      check();
    });
  // Read from the start-up line the moment it is printed; the test's own timeout bounds the wait.
  const port = printed(/"port":(\d+)/, 0, 120_000).then((m) => Number(m[1]));
  const stop = () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    return closed;
  };
  return { proc, output: () => output, printed, port, stop };
}
