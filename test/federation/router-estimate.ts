import {
  ConstDirectiveNode,
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLSchema,
  isCompositeType,
  isListType,
  isNonNullType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

/*
 * A router's static cost estimate, written from Apollo's demand-control documentation (the IBM
 * cost directive specification), independently of the hub's cost model:
 *
 * - a query costs 0, plus its fields;
 * - a field costs its weight plus its selection, times its list size when it is a list;
 * - the weight: the field's `@cost(weight:)`, else 1 for an object, interface or union, 0 for a
 *   scalar or enum; `__typename` is free;
 * - a list's size: the size a parent's `@listSize(sizedFields:)` hands it, else the largest
 *   `slicingArguments` value the operation gives, else `assumedSize`, else the router's
 *   configured default (`defaultListSize`);
 * - fragments add their fields where they are spread.
 *
 * - an argument with `@cost(weight: w)` adds w once to its field (not times its list size), and
 *   a list given to it w more per item.
 *
 * Arguments without `@cost` are not priced (a router counts an input object 1 and its fields, so
 * it only estimates more): this is the least a router estimates.
 */
export interface RouterEstimateOptions {
  defaultListSize: number;
}

interface ListSizeArgs {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

const directive = (field: GraphQLField<unknown, unknown>, name: string): ConstDirectiveNode | undefined =>
  field.astNode?.directives?.find((d) => d.name.value === name);

function directiveArgs(node: ConstDirectiveNode | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const a of node?.arguments ?? []) out[a.name.value] = valueFromASTUntyped(a.value);
  return out;
}

const isList = (field: GraphQLField<unknown, unknown>) => isListType(isNonNullType(field.type) ? field.type.ofType : field.type);

export function routerEstimate(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  options: RouterEstimateOptions,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;

  const argValue = (node: FieldNode, name: string): unknown => {
    const arg = node.arguments?.find((a) => a.name.value === name);
    return arg ? valueFromASTUntyped(arg.value, variables) : undefined;
  };

  function selectionSet(set: SelectionSetNode, parent: GraphQLCompositeType, sized: ReadonlyMap<string, number>): number {
    let cost = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) cost += field(sel, parent, sized);
      else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? (schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType) : parent;
        cost += selectionSet(sel.selectionSet, type, sized);
      } else {
        const def = fragments.get(sel.name.value)!;
        cost += selectionSet(def.selectionSet, schema.getType(def.typeCondition.name.value) as GraphQLCompositeType, sized);
      }
    }
    return cost;
  }

  function field(node: FieldNode, parent: GraphQLCompositeType, sized: ReadonlyMap<string, number>): number {
    if (node.name.value === '__typename') return 0;
    const def = 'getFields' in parent ? parent.getFields()[node.name.value] : undefined;
    if (!def) throw new Error(`${parent.name}.${node.name.value} is not in the schema`);
    const named = getNamedType(def.type);
    const cost = directiveArgs(directive(def, 'cost')).weight;
    const weight = typeof cost === 'number' ? cost : isCompositeType(named) ? 1 : 0;
    const listSize = directive(def, 'listSize') ? (directiveArgs(directive(def, 'listSize')) as ListSizeArgs) : undefined;
    const sliced = (listSize?.slicingArguments ?? []).map((a) => argValue(node, a)).filter((v): v is number => typeof v === 'number');
    const size = sliced.length > 0 ? Math.max(...sliced) : (listSize?.assumedSize ?? options.defaultListSize);
    const childSized = new Map((listSize?.sizedFields ?? []).map((f) => [f, size]));
    const children = node.selectionSet && isCompositeType(named) ? selectionSet(node.selectionSet, named, childSized) : 0;
    const count = isList(def) ? (sized.get(node.name.value) ?? (listSize?.sizedFields ? options.defaultListSize : size)) : 1;
    let argumentsCost = 0;
    for (const arg of def.args) {
      const w = directiveArgs(arg.astNode?.directives?.find((d) => d.name.value === 'cost')).weight;
      const value = argValue(node, arg.name);
      if (typeof w !== 'number' || value === undefined || value === null) continue;
      argumentsCost += w + (Array.isArray(value) ? w * value.length : 0);
    }
    return count * (weight + children) + argumentsCost;
  }

  return selectionSet(operation.selectionSet, schema.getQueryType()!, new Map());
}
