import { GraphQLField, GraphQLSchema, isObjectType } from 'graphql';

/**
 * The fields of a built schema that have a resolver of their own, recorded before any server sees
 * it. A page plan compiles only fields without one (graphql-js's default reads the property), but
 * it cannot ask `field.resolve` at request time: Apollo Server replaces every field's `resolve` of
 * the schema it serves with a wrapper once a plugin answers `willResolveField` (the response
 * cache's hints do, for the first cacheable public operation), and the schema is built once per
 * process and shared by every server in it.
 */
const recorded = new WeakMap<GraphQLSchema, WeakSet<GraphQLField<unknown, unknown>>>();

export function recordOwnResolvers(schema: GraphQLSchema): GraphQLSchema {
  const own = new WeakSet<GraphQLField<unknown, unknown>>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) if (field.resolve) own.add(field);
  }
  recorded.set(schema, own);
  return schema;
}

/** The fields of `schema` with a resolver of their own, or undefined when it was not recorded. */
export function ownResolvers(schema: GraphQLSchema): WeakSet<GraphQLField<unknown, unknown>> | undefined {
  return recorded.get(schema);
}
