import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { getNamedType, GraphQLArgument, GraphQLInputField, GraphQLSchema, isEnumType, isInputObjectType, isObjectType, parse } from 'graphql';
import { createResolversMap } from 'type-graphql';
import { referenceResolvers } from './entities';
import { registerIntrospectionSchema } from '../common/introspection-schema';
import { withoutFederationInternals } from './federation-internals';
import { FEDERATION_LINK, withSubgraphDirectives } from './subgraph-directives';

/**
 * Turns the type-graphql schema into an Apollo Federation 2 subgraph: the same types, fields,
 * descriptions and resolvers (auth and validation included), plus `_service` and `_entities`.
 * It still serves ordinary clients as a plain GraphQL API; their introspection answers leave
 * federation's own types and fields out (federation-internals.ts).
 */
export function toSubgraphSchema(schema: GraphQLSchema): GraphQLSchema {
  const resolvers = createResolversMap(schema) as Record<string, Record<string, unknown>>;
  for (const [type, extra] of Object.entries(referenceResolvers)) resolvers[type] = { ...resolvers[type], ...extra };
  const subgraph = buildSubgraphSchema({
    typeDefs: withSubgraphDirectives(parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`), schema),
    resolvers: resolvers as never,
  });
  remapEnumDefaults(subgraph);
  registerIntrospectionSchema(subgraph, withoutFederationInternals(subgraph, schema));
  return subgraph;
}

/**
 * Default values of enum arguments and input fields are read from the SDL as enum names
 * (`MONTH`), while the resolver map gives the enums their internal values (`month`): left as
 * they are, introspection cannot serialise them and execution would pass names to resolvers.
 * Each such default is turned into the internal value of the name it holds.
 */
function remapEnumDefaults(schema: GraphQLSchema): void {
  const remap = (slot: GraphQLArgument | GraphQLInputField) => {
    const type = getNamedType(slot.type);
    if (!isEnumType(type) || slot.defaultValue === undefined || slot.defaultValue === null) return;
    const internal = (name: unknown) => (typeof name === 'string' ? (type.getValue(name)?.value ?? name) : name);
    const value = slot.defaultValue;
    (slot as { defaultValue: unknown }).defaultValue = Array.isArray(value) ? value.map(internal) : internal(value);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type)) for (const field of Object.values(type.getFields())) field.args.forEach(remap);
    if (isInputObjectType(type)) Object.values(type.getFields()).forEach(remap);
  }
}
