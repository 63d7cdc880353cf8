import { mapSchema, MapperKind } from '@graphql-tools/utils';
import { GraphQLSchema } from 'graphql';

/**
 * The subgraph without what federation added to `base` (the schema before federation): `_Any`,
 * `_Entity`, `_Service`, `link__*`, `federation__*`, their directives, `_entities` and
 * `_service`. Only the router needs them, and it reads them through `_service { sdl }`; clients
 * and codegen introspecting the hub get the API alone. Resolvers stay, so the schema executes.
 */
export function withoutFederationInternals(subgraph: GraphQLSchema, base: GraphQLSchema): GraphQLSchema {
  const baseTypes = base.getTypeMap();
  const baseDirectives = new Set(base.getDirectives().map((d) => d.name));
  const baseQueryFields = base.getQueryType()?.getFields() ?? {};
  return mapSchema(subgraph, {
    [MapperKind.TYPE]: (type) => (type.name in baseTypes ? type : null),
    [MapperKind.DIRECTIVE]: (directive) => (baseDirectives.has(directive.name) ? directive : null),
    [MapperKind.QUERY_ROOT_FIELD]: (field, name) => (name in baseQueryFields ? field : null),
  });
}
