import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  isCompositeType,
  Kind,
  OperationDefinitionNode,
  SchemaMetaFieldDef,
  SelectionSetNode,
  TypeMetaFieldDef,
} from 'graphql';

/** What the walk tells a cost rule about one field of the document. */
export interface FieldCostInput {
  parentType: GraphQLCompositeType;
  field: GraphQLField<unknown, unknown>;
  /** The field's arguments, coerced, with the schema's defaults applied. */
  args: Record<string, unknown>;
  /** Cost of the field's own selection set (0 for a leaf). */
  childCost: number;
}

/** The cost of one field given its selection's cost: the cost model's rules. */
export type FieldCoster = (input: FieldCostInput) => number;

export interface DocumentMeasure {
  /** Deepest nesting of fields (introspection fields and __typename do not count). */
  depth: number;
  cost: number;
}

/**
 * Costs saturate here rather than overflow to Infinity: a fragment fan-out of a thousand levels
 * still compares (and prints) as a finite number far over any limit.
 */
export const COST_CEILING = 1e15;
const ZERO: DocumentMeasure = { depth: 0, cost: 0 };
const NO_ARGS: Record<string, unknown> = Object.freeze({});
const add = (a: number, b: number) => Math.min(a + b, COST_CEILING);

/**
 * Depth and cost of one operation in ONE pass over the document: each fragment's measure is
 * computed once, with its type condition as the parent type, and reused at every spread (a
 * fragment's fields do not depend on where it is spread, only on the variables, which are the
 * same for the whole operation). The work is linear in the size of the document whatever the
 * fan-out; a spread of a fragment being walked (a cycle, which validation refuses anyway) or of
 * an unknown fragment adds nothing.
 *
 * Spreads and aliases count as written: `...F ...F` costs F twice, as do two aliases of one field,
 * although graphql-js would merge identical selections; the cost is an upper bound.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  costOf: FieldCoster,
): DocumentMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const done = new Map<string, DocumentMeasure>();
  const walking = new Set<string>();

  function selectionSet(set: SelectionSetNode, parentType: GraphQLCompositeType): DocumentMeasure {
    let depth = 0;
    let cost = 0;
    for (const sel of set.selections) {
      let m: DocumentMeasure;
      if (sel.kind === Kind.FIELD) m = field(sel, parentType);
      else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parentType;
        m = type && isCompositeType(type) ? selectionSet(sel.selectionSet, type) : ZERO;
      } else m = spread(sel.name.value);
      depth = Math.max(depth, m.depth);
      cost = add(cost, m.cost);
    }
    return { depth, cost };
  }

  function spread(name: string): DocumentMeasure {
    const known = done.get(name);
    if (known) return known;
    const def = fragments.get(name);
    if (!def || walking.has(name)) return ZERO;
    const type = schema.getType(def.typeCondition.name.value);
    walking.add(name);
    const m = type && isCompositeType(type) ? selectionSet(def.selectionSet, type) : ZERO;
    walking.delete(name);
    done.set(name, m);
    return m;
  }

  function fieldDef(parentType: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
    if (parentType === schema.getQueryType()) {
      if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
      if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    }
    // Unions have no fields of their own (only __typename, handled by the caller).
    return 'getFields' in parentType ? parentType.getFields()[name] : undefined;
  }

  function field(node: FieldNode, parentType: GraphQLCompositeType): DocumentMeasure {
    const name = node.name.value;
    if (name === '__typename') return ZERO;
    const def = fieldDef(parentType, name);
    if (!def) return { depth: 1, cost: 1 };
    // After validation a selection set means a composite type; leaves skip the type checks, which
    // are slow outside production (graphql-js checks for duplicate module copies on every miss).
    const childType = node.selectionSet ? getNamedType(def.type) : undefined;
    const child = node.selectionSet && childType && isCompositeType(childType) ? selectionSet(node.selectionSet, childType) : ZERO;
    const args = def.args.length ? getArgumentValues(def, node, variables) : NO_ARGS;
    const cost = Math.min(costOf({ parentType, field: def, args, childCost: child.cost }), COST_CEILING);
    // Introspection is answered from memory; its nesting (type references) is not depth of data.
    return { depth: name.startsWith('__') ? 0 : 1 + child.depth, cost };
  }

  const root = schema.getRootType(operation.operation);
  return root ? selectionSet(operation.selectionSet, root) : ZERO;
}
