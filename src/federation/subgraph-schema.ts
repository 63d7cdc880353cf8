import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, parse } from 'graphql';
import { createResolversMap } from 'type-graphql';
import { referenceResolvers } from './entities';

/** The Federation 2 version the hub's subgraph declares, and the directives it uses. */
export const FEDERATION_LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])';

/**
 * Turns the type-graphql schema into an Apollo Federation 2 subgraph: the same types, fields,
 * descriptions and resolvers (auth and validation included), plus `_service` and `_entities`.
 * It still serves ordinary clients as a plain GraphQL API.
 */
export function toSubgraphSchema(schema: GraphQLSchema): GraphQLSchema {
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [type, extra] of Object.entries(referenceResolvers)) resolvers[type] = { ...resolvers[type], ...extra };
  return buildSubgraphSchema({
    typeDefs: parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`),
    resolvers: resolvers as never,
  });
}
