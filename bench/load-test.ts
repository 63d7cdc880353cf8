import autocannon from 'autocannon';
import { postgresCpu, postgresCpuSince, processCpuMs } from './process-cpu';

/**
 * HTTP helpers of the query benchmark: one GraphQL request, timed; and a fixed-duration load of
 * the same request from N concurrent clients (autocannon), counting as an error anything that is
 * not an HTTP 200 with a GraphQL answer free of errors.
 */

export interface GraphqlTarget {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  path: string;
  headers: Record<string, string>;
}

export interface TimedAnswer {
  ms: number;
  status: number;
  data: unknown;
  errors: { message: string; extensions?: { code?: string } }[] | undefined;
}

export async function postGraphql(target: GraphqlTarget, query: string, timeoutMs = 600_000): Promise<TimedAnswer> {
  const t0 = process.hrtime.bigint();
  const res = await fetch(`${target.url}${target.path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: JSON.stringify({ query }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  let body: { data?: unknown; errors?: TimedAnswer['errors'] } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = { errors: [{ message: `not JSON (HTTP ${res.status}): ${text.slice(0, 200)}` }] };
  }
  return { ms, status: res.status, data: body.data ?? null, errors: body.errors };
}

export interface LoadResult {
  clients: number;
  seconds: number;
  /** Answers that were HTTP 200 without GraphQL errors, per second. */
  okPerSec: number;
  ok: number;
  /** Responses that were not 200, or carried GraphQL errors, plus connection errors and timeouts. */
  errors: number;
  /** The first error codes or statuses seen, for the report. */
  errorSamples: string[];
  /** Requests still unanswered when the run ended (at most one per client): not errors, not answers. */
  inFlight: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  /** CPU time of the server's process per answer, in ms (when its pid was given and /proc is readable). */
  serverCpuMsPerAnswer?: number;
  /** CPU time of all PostgreSQL processes per answer, in ms (when asked for). */
  postgresCpuMsPerAnswer?: number;
}

export interface LoadOptions {
  clients: number;
  seconds: number;
  /** Per-request timeout (an unanswered request counts as an error). */
  timeoutSeconds?: number;
  /** Also measure CPU per answer: of this server process, and of PostgreSQL's processes when `postgres` is set. */
  cpu?: { pid: number; postgres: boolean };
}

export async function loadTest(target: GraphqlTarget, query: string, o: LoadOptions): Promise<LoadResult> {
  let ok = 0;
  let bad = 0;
  const samples = new Set<string>();
  const sample = (s: string) => {
    if (samples.size < 5) samples.add(s);
  };
  const cpuBefore = o.cpu ? { server: processCpuMs(o.cpu.pid), db: o.cpu.postgres ? postgresCpu() : null } : null;
  const result = await autocannon({
    url: `${target.url}${target.path}`,
    connections: o.clients,
    duration: o.seconds,
    timeout: o.timeoutSeconds ?? 30,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...target.headers },
        body: JSON.stringify({ query }),
        onResponse: (status: number, body: string) => {
          if (status === 200 && !body.includes('"errors"')) ok += 1;
          else {
            bad += 1;
            const code = /"code"\s*:\s*"([A-Z_]+)"/.exec(body)?.[1];
            sample(`HTTP ${status}${code ? ` ${code}` : ''}`);
          }
        },
      },
    ],
  });
  if (result.errors > 0) sample(`${result.errors} connection errors (${result.timeouts} timeouts)`);
  const serverNow = o.cpu ? processCpuMs(o.cpu.pid) : null;
  const serverMs = serverNow !== null && cpuBefore?.server != null ? serverNow - cpuBefore.server : null;
  const postgresMs = cpuBefore?.db ? postgresCpuSince(cpuBefore.db) : null;
  const perAnswer = (ms: number | null) => (ms !== null && ok > 0 ? ms / ok : undefined);
  return {
    serverCpuMsPerAnswer: perAnswer(serverMs),
    postgresCpuMsPerAnswer: perAnswer(postgresMs),
    clients: o.clients,
    seconds: result.duration,
    okPerSec: ok / result.duration,
    ok,
    errors: bad + result.errors,
    errorSamples: [...samples],
    inFlight: Math.max(0, result.requests.sent - ok - bad - result.errors),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: result.latency.average,
  };
}

/**
 * One result for several runs of the same request: answers, errors and time add up; the latency
 * percentiles of the whole cannot be rebuilt from the runs', so p50 is the runs' median p50 and
 * p99 their highest p99.
 */
export function mergeLoads(runs: LoadResult[]): LoadResult {
  const sum = (f: (r: LoadResult) => number) => runs.reduce((s, r) => s + f(r), 0);
  const sorted = (f: (r: LoadResult) => number) => runs.map(f).sort((a, b) => a - b);
  const ok = sum((r) => r.ok);
  const seconds = sum((r) => r.seconds);
  const cpu = (f: (r: LoadResult) => number | undefined) =>
    ok > 0 && runs.every((r) => f(r) !== undefined) ? sum((r) => f(r)! * r.ok) / ok : undefined;
  return {
    serverCpuMsPerAnswer: cpu((r) => r.serverCpuMsPerAnswer),
    postgresCpuMsPerAnswer: cpu((r) => r.postgresCpuMsPerAnswer),
    clients: runs[0].clients,
    seconds,
    okPerSec: ok / seconds,
    ok,
    errors: sum((r) => r.errors),
    errorSamples: [...new Set(runs.flatMap((r) => r.errorSamples))].slice(0, 5),
    inFlight: sum((r) => r.inFlight),
    p50Ms: sorted((r) => r.p50Ms)[runs.length >> 1],
    p99Ms: Math.max(...runs.map((r) => r.p99Ms)),
    meanMs: ok ? sum((r) => r.meanMs * r.ok) / ok : 0,
  };
}

/** One of several loads compared side by side: runs the load for `seconds` and gives its result. */
export type LoadRun = (seconds: number) => Promise<LoadResult>;

/** A GraphQL request as a `LoadRun`: `clients` concurrent clients (autocannon). */
export function graphqlLoad(target: GraphqlTarget, query: string, o: Omit<LoadOptions, 'seconds'>): LoadRun {
  return (seconds) => loadTest(target, query, { ...o, seconds });
}

/**
 * Loads compared side by side on a shared machine: `slices` short runs of each, taking turns
 * (a b c, c b a, a b c, ...), so that a slow spell of the machine lands on all of them instead of
 * on whichever ran during it. Each load gets `seconds` in all; the result holds each load's runs,
 * in the order of `loads`.
 */
export async function alternateLoads(loads: readonly LoadRun[], o: { seconds: number; slices: number }): Promise<LoadResult[][]> {
  const out: LoadResult[][] = loads.map(() => []);
  const seconds = Math.max(1, Math.round(o.seconds / o.slices));
  const order = loads.map((_, i) => i);
  for (let slice = 0; slice < o.slices; slice++) {
    for (const i of slice % 2 === 0 ? order : [...order].reverse()) out[i].push(await loads[i](seconds));
  }
  return out;
}
