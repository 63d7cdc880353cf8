import { getDirective, mapSchema, MapperKind, pruneSchema } from '@graphql-tools/utils';
import { buildSchema, GraphQLFieldConfig, GraphQLSchema } from 'graphql';
import { PUBLIC_TAG } from './contract-tags';

/** Federation's own machinery in a supergraph, which a contract's API schema leaves out. */
const FEDERATION_PREFIXES = ['join__', 'link__'];
const FEDERATION_DIRECTIVES = new Set(['link', 'tag', 'cost', 'listSize', 'contact']);
const isFederation = (name: string) => FEDERATION_PREFIXES.some((p) => name.startsWith(p));

/**
 * The API schema of a contract that includes only `tag` (what a platform serves a public
 * variant): every field not tagged `tag` goes, then every type left without fields or reached
 * by none, then federation's directives and types. Mirrors GraphOS contracts' include filter
 * for the fields the hub tags.
 */
export function contractApiSchema(supergraphSdl: string, tag = PUBLIC_TAG): GraphQLSchema {
  const supergraph = buildSchema(supergraphSdl, { assumeValidSDL: true });
  const tagged = (schema: GraphQLSchema, field: GraphQLFieldConfig<unknown, unknown>) =>
    (getDirective(schema, field, 'tag') ?? []).some((t) => t.name === tag);
  const filtered = mapSchema(supergraph, {
    [MapperKind.COMPOSITE_FIELD]: (field) => (tagged(supergraph, field) ? field : null),
    [MapperKind.DIRECTIVE]: (d) => (isFederation(d.name) || FEDERATION_DIRECTIVES.has(d.name) ? null : d),
  });
  const withoutEmpty = mapSchema(filtered, {
    [MapperKind.TYPE]: (type) => (isFederation(type.name) ? null : type),
    [MapperKind.COMPOSITE_TYPE]: (type) => ('getFields' in type && Object.keys(type.getFields()).length === 0 ? null : type),
  });
  return pruneSchema(withoutEmpty);
}
