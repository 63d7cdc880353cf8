import { readFileSync, rmSync, writeFileSync } from 'node:fs';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Holds `lock` (a file naming this process) for the duration of `fn`, across jest workers, which
 * are processes. Waiting blocks: a worker that waits has nothing else to run. A lock left by a
 * process that died is taken over.
 */
export async function withLockFile<T>(lock: string, fn: () => T | Promise<T>): Promise<T> {
  acquire(lock);
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

export function withLockFileSync<T>(lock: string, fn: () => T): T {
  acquire(lock);
  try {
    return fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function acquire(lock: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = 0;
    try {
      holder = Number(readFileSync(lock, 'utf8'));
    } catch {
      continue; // released between the two calls
    }
    if (holder && !processAlive(holder)) rmSync(lock, { force: true });
    else Atomics.wait(pause, 0, 0, 100);
  }
}
