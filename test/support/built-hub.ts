import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The built hub (`dist/src/main.js`, which `npm test` builds first) running as its own process. */
export interface BuiltHub {
  proc: ChildProcessWithoutNullStreams;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** The port it listens on, from its start-up log line; rejects if it exits first. */
  port: Promise<number>;
}

/** The Node options `npm start` runs the hub with (package.json's start script). */
export function startNodeOptions(): string[] {
  const start = (JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
  return start.slice(1, start.indexOf('dist/src/main.js'));
}

export function spawnBuiltHub(env: NodeJS.ProcessEnv, cwd?: string, nodeArgs: string[] = []): BuiltHub {
  const proc = spawn(process.execPath, [...nodeArgs, path.join(__dirname, '../../dist/src/main.js')], { env, cwd });
  let output = '';
  proc.stdout.on('data', (d) => (output += d));
  proc.stderr.on('data', (d) => (output += d));
  const port = new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /"port":(\d+)/.exec(output);
      if (m) {
        clearInterval(timer);
        resolve(Number(m[1]));
      } else if (proc.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`hub exited early: ${output}`));
      }
    }, 50);
  });
  return { proc, output: () => output, port };
}
