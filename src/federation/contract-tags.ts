import { getNamedType, GraphQLNamedType, GraphQLSchema, isInterfaceType, isObjectType } from 'graphql';
import { UNIT_DECLARATIONS } from '../questionnaire/units';

/** The `@tag` names a platform filters the hub's fields by to build a contract. */
export const PUBLIC_TAG = 'public';
export const PARTNER_TAG = 'partner';

/** The GraphQL types of the units whose rows are row-level (respondents, households, children). */
const ROW_LEVEL_UNITS: ReadonlySet<string> = new Set(
  Object.values(UNIT_DECLARATIONS)
    .filter((u) => u.rowLevel)
    .map((u) => u.graphqlType),
);

const fieldsOf = (type: GraphQLNamedType) => (isObjectType(type) || isInterfaceType(type) ? Object.values(type.getFields()) : []);

/**
 * Types that carry only row-level data: the row-level units, their pages (a connection whose
 * `edges` hold edges whose `node` is such a row) and whatever only those types reach (`PageInfo`).
 * A public contract leaves them out whole.
 */
export function partnerTypes(schema: GraphQLSchema): Set<string> {
  const types = Object.values(schema.getTypeMap()).filter((t) => !t.name.startsWith('__') && (isObjectType(t) || isInterfaceType(t)));
  const partner = new Set(ROW_LEVEL_UNITS);
  const wraps = (type: GraphQLNamedType, field: string) => fieldsOf(type).some((f) => f.name === field && partner.has(getNamedType(f.type).name));
  for (const t of types) if (wraps(t, 'node')) partner.add(t.name);
  for (const t of types) if (wraps(t, 'edges')) partner.add(t.name);
  // Types reached only from fields of partner types.
  const reachedFrom = new Map<string, Set<string>>();
  for (const t of types) for (const f of fieldsOf(t)) {
    const target = getNamedType(f.type).name;
    if (!reachedFrom.has(target)) reachedFrom.set(target, new Set());
    reachedFrom.get(target)!.add(t.name);
  }
  for (const [target, parents] of reachedFrom) if ([...parents].every((p) => partner.has(p)) && isObjectType(schema.getType(target))) partner.add(target);
  return partner;
}

/**
 * The tag of each field of the object and interface types, by `Type.field`: `partner` for the
 * fields of row-level types and the fields that return one (every one of them needs a partner
 * key: `@Authorized`), `public` for the rest.
 */
export function fieldTags(schema: GraphQLSchema): Map<string, string> {
  const partner = partnerTypes(schema);
  const tags = new Map<string, string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    for (const field of fieldsOf(type)) {
      const rowLevel = partner.has(type.name) || partner.has(getNamedType(field.type).name);
      tags.set(`${type.name}.${field.name}`, rowLevel ? PARTNER_TAG : PUBLIC_TAG);
    }
  }
  return tags;
}
