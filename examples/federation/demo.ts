import { spawn } from 'node:child_process';
import path from 'node:path';
import { startStandaloneServer } from '@apollo/server/standalone';
import { composeSubgraphs, hintLines, supergraphSdlOf } from './compose';
import { createGateway } from './gateway';
import { startPartnerSubgraph } from './partner-subgraph';
import { projectRoot } from './project-root';

export interface DemoPorts {
  hub: number;
  partner: number;
  gateway: number;
}

export interface Demo {
  urls: { hub: string; partner: string; gateway: string };
  stop(): Promise<void>;
}

/** HUB_PORT, PARTNER_PORT and GATEWAY_PORT (0 picks a free port), by default 4000, 4001 and 4002. */
export function portsFromEnv(env: NodeJS.ProcessEnv = process.env): DemoPorts {
  const port = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
  return { hub: port('HUB_PORT', 4000), partner: port('PARTNER_PORT', 4001), gateway: port('GATEWAY_PORT', 4002) };
}

/**
 * The built hub as its own process (`npm start`'s entry point, with the database settings of
 * `env`), on loopback; resolves with its URL once it listens.
 */
function startHub(port: number, env: NodeJS.ProcessEnv): Promise<{ url: string; stop: () => Promise<void> }> {
  const proc = spawn(process.execPath, [path.join(projectRoot(), 'dist/src/main.js')], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
    cwd: projectRoot(),
  });
  let output = '';
  proc.stdout.on('data', (d) => (output += d));
  proc.stderr.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
    await exited;
  };
  // Answered by the start-up line itself, the moment it is printed.
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /"port":(\d+)/.exec(output);
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}/graphql`, stop });
      else if (proc.exitCode !== null || proc.signalCode !== null) reject(new Error(`the hub exited before listening:\n${output}`));
      else return;
      proc.stdout.off('data', check);
      proc.stderr.off('data', check);
    };
    proc.stdout.on('data', check);
    proc.stderr.on('data', check);
    proc.once('exit', check);
  });
}

/** Starts the hub, the example partner subgraph and a gateway over the two, composed from their URLs. */
export async function startDemo(ports: DemoPorts = portsFromEnv(), env: NodeJS.ProcessEnv = process.env): Promise<Demo> {
  // The hub and the partner start side by side; if one fails, the other is stopped.
  const [hubStart, partnerStart] = await Promise.allSettled([startHub(ports.hub, env), startPartnerSubgraph({ port: ports.partner })]);
  if (hubStart.status === 'rejected' || partnerStart.status === 'rejected') {
    if (hubStart.status === 'fulfilled') await hubStart.value.stop();
    if (partnerStart.status === 'fulfilled') await partnerStart.value.stop();
    throw hubStart.status === 'rejected' ? hubStart.reason : (partnerStart as PromiseRejectedResult).reason;
  }
  const hub = hubStart.value;
  const partner = partnerStart.value;
  try {
    const result = composeSubgraphs({ hub: hub.url, partner: partner.url });
    const supergraphSdl = supergraphSdlOf(result);
    hintLines(result).forEach((line) => console.warn(line));
    const gateway = createGateway(supergraphSdl);
    const { url } = await startStandaloneServer(gateway, {
      listen: { port: ports.gateway, host: '127.0.0.1' },
      context: async ({ req }) => ({ authorization: req.headers.authorization }),
    });
    return {
      urls: { hub: hub.url, partner: partner.url, gateway: url },
      async stop() {
        await gateway.stop();
        await partner.stop();
        await hub.stop();
      },
    };
  } catch (e) {
    await partner.stop();
    await hub.stop();
    throw e;
  }
}

/** `npm run supergraph:demo`: runs until Ctrl-C. */
async function main(): Promise<void> {
  const demo = await startDemo();
  console.log(`hub      ${demo.urls.hub}`);
  console.log(`partner  ${demo.urls.partner}`);
  console.log(`gateway  ${demo.urls.gateway}   try { placeProfile(pcode: "PER") { population rounds { number } } }`);
  const stop = () => void demo.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
