import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of processes, from /proc (Linux): user + system time, in milliseconds. On a shared
 * machine a server's CPU time per answer is steadier than its answers per second, which also
 * move with whatever else runs; the benchmark reports both.
 */

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of one process in ms, or null when it cannot be read (not Linux, process gone). */
export function processCpuMs(pid: number): number | null {
  try {
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
  } catch {
    return null;
  }
}

/** CPU time of each process named postgres (the server and its backends) by pid, in ms; null without /proc. */
export function postgresCpu(): Map<number, number> | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return null;
  }
  const byPid = new Map<number, number>();
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) continue;
    } catch {
      continue;
    }
    const ms = processCpuMs(Number(pid));
    if (ms !== null) byPid.set(Number(pid), ms);
  }
  return byPid;
}

/**
 * PostgreSQL's CPU time since `before`, in ms: what each process still running used since then
 * (all of it for one started since). A process that ended meanwhile (a backend whose client
 * disconnected, an autovacuum worker) takes its time with it: the figure may be low, never negative.
 */
export function postgresCpuSince(before: Map<number, number>): number | null {
  const now = postgresCpu();
  if (!now) return null;
  let total = 0;
  for (const [pid, ms] of now) total += Math.max(0, ms - (before.get(pid) ?? 0));
  return total;
}
