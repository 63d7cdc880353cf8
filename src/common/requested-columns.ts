import { FieldNode, GraphQLResolveInfo, isObjectType, Kind, SelectionSetNode } from 'graphql';
import { getMetadataArgsStorage, type ObjectLiteral } from 'typeorm';

/**
 * Which columns of a row type a query needs. Selecting every column of a wide row (respondents
 * have 25) to answer `{ id household { travellingSize } }` made parsing and hydrating values
 * nobody asked for the largest cost of a nested page. A loader or page given `Columns` selects
 * only these; without them it selects every column.
 *
 * A selected field is a column of the entity (same property name), or a field resolver whose
 * reads are declared with `declareFieldNeeds`; any other field makes the query read every column,
 * so a missing declaration costs speed, never a wrong answer. `keep` columns (the ids and keys
 * that resolvers and cursors read) are always selected.
 */
export class Columns {
  readonly key: string;
  constructor(readonly properties: readonly string[]) {
    this.key = properties.join(',');
  }

  /** These columns and `more` (a loader's key and order columns). */
  including(...more: string[]): Columns {
    const missing = more.filter((p) => !this.properties.includes(p));
    return missing.length ? new Columns([...this.properties, ...missing]) : this;
  }
}

type EntityClass = abstract new (...args: never[]) => ObjectLiteral;

interface RowType {
  /** Column properties, in declaration order (from TypeORM's decorators, read on first use). */
  columns?: ReadonlySet<string>;
  keep: readonly string[];
  needs: Map<string, readonly string[]>;
}

const rowTypes = new Map<EntityClass, RowType>();

function rowType(entity: EntityClass): RowType {
  let type = rowTypes.get(entity);
  if (!type) rowTypes.set(entity, (type = { keep: [], needs: new Map() }));
  return type;
}

/** Declares an entity whose reads may be narrowed, and the properties always read (ids and keys). */
export function declareRowType(entity: EntityClass, keep: readonly string[]): void {
  rowType(entity).keep = keep;
}

/** Declares the properties that field resolvers of `entity` read (`[]`: only the kept keys). */
export function declareFieldNeeds(entity: EntityClass, needs: Record<string, readonly string[]>): void {
  const type = rowType(entity);
  for (const [field, properties] of Object.entries(needs)) type.needs.set(field, properties);
}

/**
 * An entity's column properties in declaration order, from TypeORM's decorators; `selectable`
 * leaves out the `select: false` ones (never selected unless named, such as a record key).
 */
export function entityColumnProperties(entity: EntityClass, selectable = false): string[] {
  return getMetadataArgsStorage()
    .columns.filter((c) => c.target === entity && (!selectable || c.options.select !== false))
    .map((c) => c.propertyName);
}

function columnsOfEntity(entity: EntityClass, type: RowType): ReadonlySet<string> {
  type.columns ??= new Set(entityColumnProperties(entity));
  return type.columns;
}

/**
 * Whether a fragment on `condition` can apply to an object of type `onType`: every fragment when
 * no type is given, and any condition but another object type (an interface or union may hold it).
 */
function appliesTo(condition: string | undefined, onType: string | undefined, info: GraphQLResolveInfo): boolean {
  if (!onType || !condition || condition === onType) return true;
  return !isObjectType(info.schema.getType(condition));
}

/**
 * The fields selected by a selection set, fragments merged, by field name (or by response key:
 * the alias, else the name); `@skip`/`@include` are ignored (a superset is harmless). With
 * `onType`, fragments on other object types are left out (`node(id:)` selects per type).
 */
function selectedNames(
  selectionSet: SelectionSetNode | undefined,
  info: GraphQLResolveInfo,
  out: Map<string, FieldNode[]>,
  keyOf: (f: FieldNode) => string = (f) => f.name.value,
  onType?: string,
): void {
  for (const s of selectionSet?.selections ?? []) {
    if (s.kind === Kind.FIELD) {
      const key = keyOf(s);
      const list = out.get(key);
      if (list) list.push(s);
      else out.set(key, [s]);
    } else if (s.kind === Kind.INLINE_FRAGMENT) {
      if (appliesTo(s.typeCondition?.name.value, onType, info)) selectedNames(s.selectionSet, info, out, keyOf, onType);
    } else {
      const fragment = info.fragments[s.name.value];
      if (fragment && appliesTo(fragment.typeCondition.name.value, onType, info)) selectedNames(fragment.selectionSet, info, out, keyOf, onType);
    }
  }
}

/** The fields selected by `nodes` (merged), by name, or by `keyOf`; with `onType`, as `selectedNames`. */
function subfields(nodes: readonly FieldNode[], info: GraphQLResolveInfo, keyOf?: (f: FieldNode) => string, onType?: string): Map<string, FieldNode[]> {
  const fields = new Map<string, FieldNode[]>();
  for (const n of nodes) selectedNames(n.selectionSet, info, fields, keyOf, onType);
  return fields;
}

/**
 * The nodes of the field reached from `nodes` along `path` (e.g. `edges`, `node` of a connection).
 * `onType` is the type of the object `nodes` select on (`node(id:)` serving a `Respondent`): it
 * leaves out fragments on other types at the first level only, as each level below has its own type.
 */
function nodesAt(nodes: readonly FieldNode[], path: readonly string[], info: GraphQLResolveInfo, onType?: string): readonly FieldNode[] {
  return path.reduce((level, name, i) => subfields(level, info, undefined, i === 0 ? onType : undefined).get(name) ?? [], nodes);
}

/** The fields selected below `nodes` along `path` (with `onType`, as `nodesAt`). */
const fieldsAt = (nodes: readonly FieldNode[], path: readonly string[], info: GraphQLResolveInfo, onType?: string) =>
  subfields(nodesAt(nodes, path, info, onType), info, undefined, path.length === 0 ? onType : undefined);

/** Whether the selection of the field being resolved reaches the field at `path` (e.g. `edges`, `node`, `household`). */
export function selects(info: GraphQLResolveInfo, path: readonly string[], onType?: string): boolean {
  return path.length > 0 && fieldsAt(info.fieldNodes, path.slice(0, -1), info, onType).has(path[path.length - 1]);
}

function columnsOf(columns: ReadonlySet<string>, type: RowType, fields: Iterable<string>): Columns | undefined {
  const wanted = new Set(type.keep);
  for (const field of fields) {
    if (field === '__typename') continue;
    const needs = type.needs.get(field);
    if (needs) for (const p of needs) wanted.add(p);
    else if (columns.has(field)) wanted.add(field);
    else return undefined;
  }
  return new Columns([...columns].filter((c) => wanted.has(c)));
}

/** Results per field node (a node belongs to one document, whose fragments are fixed) and path. */
const memo = new WeakMap<FieldNode, Map<string, Columns | null>>();

/**
 * The columns of `entity` that the field being resolved needs, for its selection below `path`
 * (`[]` for a field returning the entity, `['edges', 'node']` for a connection). `undefined`:
 * every column (an undeclared entity or field). `onType`: the GraphQL type the entity is served
 * as, when the field returns an interface (`node`): fragments on other object types are left out.
 */
export function requestedColumns(info: GraphQLResolveInfo, entity: EntityClass, path: readonly string[] = [], onType?: string): Columns | undefined {
  const type = rowTypes.get(entity);
  if (!type || type.keep.length === 0) return undefined;
  const all = columnsOfEntity(entity, type);
  const compute = () => columnsOf(all, type, fieldsAt(info.fieldNodes, path, info, onType).keys()) ?? null;
  // A lone field node determines its selection; merged nodes (the same field twice) are computed each time.
  if (info.fieldNodes.length !== 1) return compute() ?? undefined;
  const node = info.fieldNodes[0];
  let byPath = memo.get(node);
  if (!byPath) memo.set(node, (byPath = new Map()));
  const key = `${entity.name}|${path.join('.')}|${onType ?? ''}`;
  let columns = byPath.get(key);
  if (columns === undefined) byPath.set(key, (columns = compute()));
  return columns ?? undefined;
}

/**
 * For reading the rows of a nested field ahead of its resolvers (a page's own statement): the
 * columns each resolver call of the field at `path` will ask for (one per response key, as
 * graphql-js merges the field's nodes by alias), and the union of them to select. `undefined`
 * stands for every column, as in `requestedColumns`; `onType` as in `requestedColumns`.
 */
export function requestedColumnsAhead(
  info: GraphQLResolveInfo,
  entity: EntityClass,
  path: readonly string[],
  onType?: string,
): { each: (Columns | undefined)[]; union: Columns | undefined } {
  const type = rowTypes.get(entity);
  const last = path[path.length - 1];
  const parents = nodesAt(info.fieldNodes, path.slice(0, -1), info, onType);
  const byResponseKey = subfields(parents, info, (f) => (f.name.value === last ? (f.alias ?? f.name).value : ''), path.length === 1 ? onType : undefined);
  byResponseKey.delete('');
  if (!type || type.keep.length === 0) return { each: [...byResponseKey.keys()].map(() => undefined), union: undefined };
  const all = columnsOfEntity(entity, type);
  const each = [...byResponseKey.values()].map((nodes) => columnsOf(all, type, subfields(nodes, info).keys()));
  if (each.some((c) => c === undefined)) return { each, union: undefined };
  const wanted = new Set(each.flatMap((c) => c!.properties));
  return { each, union: new Columns([...all].filter((c) => wanted.has(c))) };
}
