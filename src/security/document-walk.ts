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
  /** Cost of the field's own selection set for one object of the field (0 for a leaf). */
  childCost: number;
  /** SQL statements the selection set runs for one object of the field. */
  childStatements: number;
  /** Cost and statements of the batched loads in the selection (see `FieldPrice.batchedCost`). */
  childBatchedCost: number;
  childBatchedStatements: number;
}

/** What one field costs, under one object of its parent. */
export interface FieldPrice {
  /** Its cost for one object of its parent, its selection included (multiplied by any list above). */
  cost: number;
  /** SQL statements it runs for one object of its parent, its selection's included. */
  statements: number;
  /**
   * Work done once for all the objects of a list above rather than once per object: a DataLoader
   * batches the loads of every object into one statement. Not multiplied by the lists above; a
   * field that runs its own statement per object returns its selection's batched work in `cost`
   * and `statements` instead (each of its objects resolves at its own time, so batches below it
   * are one per object). Default: the selection's.
   */
  batchedCost?: number;
  batchedStatements?: number;
}

/** The price of one field given its selection's: the cost model's rules. */
export type FieldCoster = (input: FieldCostInput) => FieldPrice;

export interface DocumentMeasure {
  /** Deepest nesting of fields (introspection fields and __typename do not count). */
  depth: number;
  /** The price: the cost of every field, batched work included. */
  cost: number;
  /** Most SQL statements the operation can run, by the cost model's count. */
  statements: number;
}

/** A selection's measure, with the batched work kept apart until the root. */
interface Measure {
  depth: number;
  cost: number;
  statements: number;
  batchedCost: number;
  batchedStatements: number;
}

/**
 * Costs saturate here rather than overflow to Infinity: a fragment fan-out of a thousand levels
 * still compares (and prints) as a finite number far over any limit.
 */
export const COST_CEILING = 1e15;
const ZERO: Measure = { depth: 0, cost: 0, statements: 0, batchedCost: 0, batchedStatements: 0 };
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
  const done = new Map<string, Measure>();
  const walking = new Set<string>();

  function selectionSet(set: SelectionSetNode, parentType: GraphQLCompositeType): Measure {
    const sum = { ...ZERO };
    for (const sel of set.selections) {
      let m: Measure;
      if (sel.kind === Kind.FIELD) m = field(sel, parentType);
      else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parentType;
        m = type && isCompositeType(type) ? selectionSet(sel.selectionSet, type) : ZERO;
      } else m = spread(sel.name.value);
      sum.depth = Math.max(sum.depth, m.depth);
      sum.cost = add(sum.cost, m.cost);
      sum.statements = add(sum.statements, m.statements);
      sum.batchedCost = add(sum.batchedCost, m.batchedCost);
      sum.batchedStatements = add(sum.batchedStatements, m.batchedStatements);
    }
    return sum;
  }

  function spread(name: string): Measure {
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

  function field(node: FieldNode, parentType: GraphQLCompositeType): Measure {
    const name = node.name.value;
    if (name === '__typename') return ZERO;
    const def = fieldDef(parentType, name);
    if (!def) return { ...ZERO, depth: 1, cost: 1 };
    // After validation a selection set means a composite type; leaves skip the type checks, which
    // are slow outside production (graphql-js checks for duplicate module copies on every miss).
    const childType = node.selectionSet ? getNamedType(def.type) : undefined;
    const child = node.selectionSet && childType && isCompositeType(childType) ? selectionSet(node.selectionSet, childType) : ZERO;
    const args = def.args.length ? getArgumentValues(def, node, variables) : NO_ARGS;
    const price = costOf({
      parentType,
      field: def,
      args,
      childCost: child.cost,
      childStatements: child.statements,
      childBatchedCost: child.batchedCost,
      childBatchedStatements: child.batchedStatements,
    });
    const saturate = (n: number) => Math.min(n, COST_CEILING);
    return {
      // Introspection is answered from memory; its nesting (type references) is not depth of data.
      depth: name.startsWith('__') ? 0 : 1 + child.depth,
      cost: saturate(price.cost),
      statements: saturate(price.statements),
      batchedCost: saturate(price.batchedCost ?? child.batchedCost),
      batchedStatements: saturate(price.batchedStatements ?? child.batchedStatements),
    };
  }

  const root = schema.getRootType(operation.operation);
  const m = root ? selectionSet(operation.selectionSet, root) : ZERO;
  return { depth: m.depth, cost: add(m.cost, m.batchedCost), statements: add(m.statements, m.batchedStatements) };
}
