import type { GraphQLSchema } from 'graphql';

const introspectionSchemas = new WeakMap<GraphQLSchema, GraphQLSchema>();

/**
 * The schema that answers introspection of `schema`: the schema itself unless one was registered
 * (the federation subgraph registers itself without federation's internals). Here, below every
 * layer that needs it: the server answers from it and the cost model prices `__schema` by it.
 */
export function introspectionSchemaOf(schema: GraphQLSchema): GraphQLSchema {
  return introspectionSchemas.get(schema) ?? schema;
}

export function registerIntrospectionSchema(schema: GraphQLSchema, introspection: GraphQLSchema): void {
  introspectionSchemas.set(schema, introspection);
}
