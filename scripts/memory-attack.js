#!/usr/bin/env node
/*
 * The memory attack of issue 20, replayed against the built hub for a while, with the hub's
 * resident memory sampled throughout. Not part of the test suite (it runs for minutes); the
 * suite's short version is test/server/memory-bound.test.ts.
 *
 * The attack: an operation of ALIASES aliases of `locations(level: ADMIN1) { ...8 fields }` (30
 * aliases make a 16.9 MB answer), sent twice per variant (a miss, then a hit), each variant a new
 * operation text (so a new cache key and a new parsed document), variant after variant until the
 * time is up. Requests come from many loopback addresses (127.0.0.2, 127.0.0.3, ...) so that
 * the per-address rate limits do not slow the attack down, as from a botnet; that also fills the
 * rate limiter with one counter per address.
 *
 * Usage (build first: `node scripts/build.js`):
 *   node scripts/memory-attack.js [--minutes 10] [--aliases 30] [--concurrency 2] [--addresses 200]
 *                                 [--env NAME=VALUE ...] [--keep-data] [--hub dist/src/main.js] [--probe]
 * The hub runs as `node dist/src/main.js` with the Node options of `npm start`, on a fresh SQLite database
 * seeded at start, with the default settings except MAX_QUERY_COMPLEXITY=1000000 (so that the
 * request passes whatever the cost model says of it) and those given with --env. With --url the
 * script attacks a hub already running instead, and --pid names its process for the RSS samples.
 *
 * It prints one line every 10 s (elapsed, requests, hits, errors, RSS) and at the end the RSS at
 * start, its maximum (and the kernel's high-water mark), at the end, and whether the hub is up.
 * With --probe the hub runs with test/support/memory-probe.js, and the end adds its heap after a
 * full collection (what the attack left behind) and its heap's peak.
 * Exit code 0 when the hub stayed up, 1 when it died.
 */
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

function options(argv) {
  const o = { minutes: 10, aliases: 30, concurrency: 2, addresses: 200, env: {}, url: undefined, pid: undefined, keepData: false, probe: false, hub: path.join(__dirname, '..', 'dist', 'src', 'main.js') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--minutes') o.minutes = Number(next());
    else if (a === '--aliases') o.aliases = Number(next());
    else if (a === '--concurrency') o.concurrency = Number(next());
    else if (a === '--addresses') o.addresses = Number(next());
    else if (a === '--url') o.url = next();
    else if (a === '--pid') o.pid = Number(next());
    else if (a === '--keep-data') o.keepData = true;
    else if (a === '--probe') o.probe = true;
    else if (a === '--hub') o.hub = path.resolve(next());
    else if (a === '--env') {
      const [name, ...value] = next().split('=');
      o.env[name] = value.join('=');
    } else {
      console.error(`unknown option ${a}; see the comment at the top of ${__filename}`);
      process.exit(2);
    }
  }
  return o;
}

/** The attack's operation, variant `n`: a new text (and cache key) for every n. */
function operation(n, aliases) {
  const fields = 'id pcode level name countryIso3 isoCode source parentPcode';
  const roots = Array.from({ length: aliases }, (_, i) => `a${i}: locations(level: ADMIN1) { ${fields} }`);
  return `query Variant${n} { ${roots.join(' ')} }`;
}

/** POSTs one operation from a given local address; resolves with status, bytes and whether it was a cache hit. */
function post(url, query, localAddress) {
  return new Promise((resolve) => {
    const body = JSON.stringify({ query });
    const req = http.request(
      url,
      {
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: 120_000,
      },
      (res) => {
        let bytes = 0;
        res.on('data', (d) => (bytes += d.length));
        res.on('end', () => resolve({ status: res.statusCode, bytes, hit: res.headers.age !== undefined }));
        res.on('error', () => resolve({ status: 0, bytes, hit: false }));
      },
    );
    req.on('error', () => resolve({ status: 0, bytes: 0, hit: false }));
    req.on('timeout', () => req.destroy());
    req.end(body);
  });
}

function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return undefined; // gone
  }
}

async function startHub(o) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dtm-memory-attack-'));
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SQLITE_PATH: path.join(dir, 'hub.sqlite'),
    SEED_ON_START: 'true',
    MAX_QUERY_COMPLEXITY: '1000000',
    ...o.env,
  };
  delete env.DATABASE_URL;
  if (o.env.DATABASE_URL) env.DATABASE_URL = o.env.DATABASE_URL;
  // LOG_LEVEL warn hides the start-up line with the port, so the port is chosen here.
  const port = await new Promise((resolve) => {
    const s = require('node:net').createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  env.PORT = String(port);
  const probe = o.probe ? ['--expose-gc', '--require', path.join(__dirname, '..', 'test', 'support', 'memory-probe.js')] : [];
  // The Node options of `npm start`, as the hub is meant to run.
  const start = require('../package.json').scripts.start.split(/\s+/);
  const nodeArgs = start.slice(1, start.indexOf('dist/src/main.js'));
  const proc = spawn(process.execPath, [...nodeArgs, ...probe, o.hub], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exit;
  proc.once('exit', (code, signal) => (exit = { code, signal }));
  proc.stdout.on('data', (d) => (output = (output + d).slice(-20_000)));
  proc.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the hub exited before it was ready:\n${output}`);
    const ok = await new Promise((resolve) => {
      http.get(`${url}/ready`, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      }).on('error', () => resolve(false));
    });
    if (ok) break;
    if (Date.now() > deadline) throw new Error('the hub was not ready in 180 s');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pid: proc.pid,
    proc,
    output: () => output,
    exit: () => exit,
    stop: async () => {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
      if (!o.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const o = options(process.argv.slice(2));
  const hub = o.url ? { url: o.url, pid: o.pid, proc: undefined, output: () => '', stop: async () => undefined } : await startHub(o);
  const graphql = `${hub.url}/graphql`;
  const sample = () => (hub.pid ? rssMb(hub.pid) : undefined);
  const started = Date.now();
  const endAt = started + o.minutes * 60_000;
  const first = sample();
  const stats = { requests: 0, hits: 0, errors: 0, bytes: 0, statuses: {} };
  let maxRss = first?.rss ?? 0;
  let alive = true;
  const sampler = setInterval(() => {
    const s = sample();
    if (s) maxRss = Math.max(maxRss, s.rss);
    else if (hub.pid) alive = false;
  }, 200);
  const secs = () => ((Date.now() - started) / 1000).toFixed(0);
  const line = () => {
    const s = sample();
    console.log(
      `${secs().padStart(4)} s  requests ${stats.requests}  hits ${stats.hits}  errors ${stats.errors}  ` +
        (s ? `RSS ${s.rss.toFixed(0)} MB (max ${maxRss.toFixed(0)}, high-water ${s.hwm.toFixed(0)})` : 'hub GONE'),
    );
  };
  console.log(`attack: ${o.aliases} aliases of locations(level: ADMIN1), each variant sent twice, concurrency ${o.concurrency}, ${o.addresses} client addresses, ${o.minutes} min`);
  if (first) console.log(`RSS at start ${first.rss.toFixed(0)} MB`);
  const reporter = setInterval(line, 10_000);
  let variant = 0;
  let address = 0;
  const worker = async () => {
    while (Date.now() < endAt && alive) {
      const query = operation(variant++, o.aliases);
      for (let k = 0; k < 2; k++) {
        const from = `127.0.0.${2 + (address++ % o.addresses)}`;
        const r = await post(graphql, query, from);
        stats.requests++;
        stats.bytes += r.bytes;
        stats.statuses[r.status] = (stats.statuses[r.status] ?? 0) + 1;
        if (r.hit) stats.hits++;
        if (r.status !== 200) stats.errors++;
        if (r.status === 0 && hub.proc && hub.proc.exitCode !== null) alive = false;
        if (r.status === 0 && hub.proc && hub.proc.signalCode !== null) alive = false;
      }
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  clearInterval(reporter);
  clearInterval(sampler);
  line();
  let heap;
  if (o.probe && hub.proc && hub.proc.exitCode === null) {
    const seen = hub.output().length;
    hub.proc.kill('SIGUSR2');
    for (let i = 0; i < 100 && !heap; i++) {
      const m = /memory-probe (\{.*\})/.exec(hub.output().slice(seen));
      if (m) heap = JSON.parse(m[1]);
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  const last = sample();
  const up = last !== undefined && (await new Promise((resolve) => http.get(`${hub.url}/health`, (res) => (res.resume(), resolve(res.statusCode === 200))).on('error', () => resolve(false))));
  console.log(
    JSON.stringify({
      minutes: Number(((Date.now() - started) / 60_000).toFixed(2)),
      variants: variant,
      requests: stats.requests,
      hits: stats.hits,
      statuses: stats.statuses,
      answerMb: Number((stats.bytes / stats.requests / 2 ** 20).toFixed(2)),
      rssStartMb: first ? Math.round(first.rss) : null,
      rssMaxMb: Math.round(Math.max(maxRss, last?.hwm ?? 0)),
      rssEndMb: last ? Math.round(last.rss) : null,
      hubUp: up,
      ...(heap ? { heapAfterGcMb: Math.round(heap.heapUsed / 2 ** 20), heapPeakMb: Math.round(heap.peakHeapUsed / 2 ** 20) } : {}),
    }),
  );
  if (!up && hub.proc) console.log(`the hub exited (${JSON.stringify(hub.exit())}); its last output:\n${hub.output().slice(-3000)}`);
  await hub.stop();
  process.exit(up ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
