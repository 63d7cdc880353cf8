import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices, CompositionResult } from '@apollo/composition';
import { parse } from 'graphql';
import { PARTNER_TYPE_DEFS } from './partner-subgraph';
import { projectRoot } from './project-root';

/** Where the router reaches each subgraph; the defaults are `npm start`'s port and the demo's. */
export interface SubgraphUrls {
  hub: string;
  partner: string;
}

export const DEFAULT_URLS: SubgraphUrls = { hub: 'http://localhost:4000/graphql', partner: 'http://localhost:4001/' };

/** HUB_URL and PARTNER_SUBGRAPH_URL, each falling back to its default. */
export function urlsFromEnv(env: NodeJS.ProcessEnv = process.env): SubgraphUrls {
  return { hub: env.HUB_URL || DEFAULT_URLS.hub, partner: env.PARTNER_SUBGRAPH_URL || DEFAULT_URLS.partner };
}

/** The hub's committed schema.graphql (what a router's build composes, not the live schema) and the partner's SDL. */
export function composeSubgraphs(urls: SubgraphUrls, partnerTypeDefs = PARTNER_TYPE_DEFS): CompositionResult {
  const hubTypeDefs = readFileSync(path.join(projectRoot(), 'schema.graphql'), 'utf8');
  return composeServices([
    { name: 'hub', typeDefs: parse(hubTypeDefs), url: urls.hub },
    { name: 'partner', typeDefs: parse(partnerTypeDefs), url: urls.partner },
  ]);
}

/** The supergraph SDL, or an error that names each composition error by its code, with its message. */
export function supergraphSdlOf(result: CompositionResult): string {
  if (!result.errors) return result.supergraphSdl;
  const lines = result.errors.map((e) => `  ${String(e.extensions?.code ?? 'ERROR')}: ${e.message}`);
  throw new Error([`composition failed with ${result.errors.length} error(s):`, ...lines].join('\n'));
}

/** Composition's hints (not errors: the supergraph is made), one line each, for the console. */
export function hintLines(result: CompositionResult): string[] {
  return (result.hints ?? []).map((h) => `hint ${h.definition.code}: ${h.message}`);
}

/** Composes the two subgraphs at `urls` and writes the supergraph to `out`; prints composition's hints. */
export function writeSupergraph(out: string, urls: SubgraphUrls): void {
  const result = composeSubgraphs(urls);
  const sdl = supergraphSdlOf(result);
  hintLines(result).forEach((line) => console.warn(line));
  writeFileSync(out, sdl);
}

/** `npm run supergraph:compose [-- --out file]`: writes supergraph.graphql (or `file`) for a router. */
function main(): void {
  const at = process.argv.indexOf('--out');
  const out = path.resolve(at > 0 ? process.argv[at + 1] : path.join(projectRoot(), 'supergraph.graphql'));
  const urls = urlsFromEnv();
  try {
    writeSupergraph(out, urls);
    console.log(`Wrote ${out} (hub at ${urls.hub}, partner at ${urls.partner}).`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  }
}

if (require.main === module) main();
