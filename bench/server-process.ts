import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A server under test run as its own process (the built hub, or PostGraphile), so that its CPU,
 * memory and event loop are its own and not the load generator's. Its output goes to a log file
 * (bench/.data/<engine>-<name>.log), written afresh each run.
 */
export interface ServerProcess {
  name: string;
  pid: number;
  url: string;
  rss: RssSampler;
  stop(): Promise<void>;
}

/** A free loopback port: bound to port 0, read, released (the server binds it a moment later). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface StartOptions {
  name: string;
  script: string;
  /** Node options before the script (the hub gets those of `npm start`). */
  nodeArgs?: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  /** Path that answers 200 once the server can take requests, and the request to send it. */
  readyPath: string;
  readyRequest?: RequestInit;
  logFile: string;
  timeoutMs?: number;
}

export async function startServer(o: StartOptions): Promise<ServerProcess> {
  const log = createWriteStream(o.logFile);
  const proc: ChildProcess = spawn(process.execPath, [...(o.nodeArgs ?? []), o.script], { env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.pipe(log);
  proc.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${o.port}`;
  const deadline = Date.now() + (o.timeoutMs ?? 120_000);
  for (;;) {
    if (proc.exitCode !== null) {
      throw new Error(`${o.name} exited with code ${proc.exitCode} before it was ready; its log: ${o.logFile}\n${tail(o.logFile)}`);
    }
    try {
      const res = await fetch(`${url}${o.readyPath}`, { ...o.readyRequest, signal: AbortSignal.timeout(5000) });
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${o.name} was not ready within ${(o.timeoutMs ?? 120_000) / 1000} s; its log: ${o.logFile}`);
    }
    await sleep(200);
  }
  const rss = new RssSampler(proc.pid as number);
  return {
    name: o.name,
    pid: proc.pid as number,
    url,
    rss,
    async stop() {
      rss.stop();
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Samples a process's resident memory every 200 ms from /proc (VmRSS), keeping the peak of each
 * labelled phase; VmHWM, the kernel's own high-water mark, covers any peak between two samples.
 */
export class RssSampler {
  private readonly timer: NodeJS.Timeout;
  private phase = 'start-up';
  readonly peaksMb: Record<string, number> = {};
  hwmMb = 0;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 200);
    this.timer.unref();
    this.sample();
  }

  /** Following samples count towards this phase's peak. */
  mark(phase: string): void {
    this.sample();
    this.phase = phase;
  }

  /** The highest of the samples and the kernel's high-water mark, in MB. */
  get peakMb(): number {
    this.sample();
    return Math.max(this.hwmMb, ...Object.values(this.peaksMb));
  }

  stop(): void {
    this.sample();
    clearInterval(this.timer);
  }

  private sample(): void {
    let status: string;
    try {
      status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    } catch {
      return; // The process has exited.
    }
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    const rss = kb('VmRSS') / 1024;
    this.hwmMb = Math.max(this.hwmMb, kb('VmHWM') / 1024);
    this.peaksMb[this.phase] = Math.max(this.peaksMb[this.phase] ?? 0, rss);
  }
}
