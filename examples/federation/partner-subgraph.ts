import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { projectRoot } from './project-root';

/**
 * A partner's subgraph as a platform team would write it: it knows places by the hub's own
 * `Location` key (ISO3 for countries, OCHA p-code for admin-1 areas) and adds a population, and it
 * knows rounds as "Peru, round 4" (the hub's second `Round` key). Example figures, rounded; only
 * used to show that the supergraph joins the two.
 */
export const PARTNER_POPULATION: Readonly<Record<string, number>> = {
  PER: 33_000_000,
  ECU: 17_800_000,
  CHL: 19_600_000,
  PE15: 10_000_000,
  PE23: 370_000,
  PE24: 250_000,
};

/** The SDL, kept in a file so that `rover supergraph compose` (supergraph.yaml) reads the same schema. */
export const PARTNER_TYPE_DEFS = readFileSync(path.join(projectRoot(), 'examples/federation/partner-subgraph.graphql'), 'utf8');

const population = (pcode: string) => PARTNER_POPULATION[pcode.toUpperCase()] ?? null;

export const partnerResolvers = {
  Query: {
    placeProfile: (_: unknown, { pcode }: { pcode: string }) => ({ pcode: pcode.toUpperCase() }),
    roundByNumber: (_: unknown, ref: { country: string; number: number }) => ({ country: ref.country.toUpperCase(), number: ref.number }),
  },
  Location: {
    __resolveReference: (ref: { pcode: string }) => ({ pcode: ref.pcode }),
    population: (l: { pcode: string }) => population(l.pcode),
  },
};

/** Starts the partner subgraph (by default on a free loopback port); returns its URL and how to stop it. */
export async function startPartnerSubgraph(listen: { port?: number; host?: string } = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: parse(PARTNER_TYPE_DEFS), resolvers: partnerResolvers as never }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    // The caller stops it (the demo, on Ctrl-C, after the hub it started).
    stopOnTerminationSignals: false,
  });
  const { url } = await startStandaloneServer(server, { listen: { port: listen.port ?? 0, host: listen.host ?? '127.0.0.1' } });
  return { url, stop: () => server.stop() };
}
