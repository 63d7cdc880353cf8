import { printSubgraphSchema } from '@apollo/subgraph';
import { GraphQLSchema, lexicographicSortSchema } from 'graphql';

/**
 * The SDL committed as schema.graphql: the subgraph schema a federation router composes (with
 * its @link and @key directives), types in alphabetical order so that diffs show API changes.
 */
export function printHubSchema(schema: GraphQLSchema): string {
  return printSubgraphSchema(lexicographicSortSchema(schema)) + '\n';
}
