import {
  DocumentNode,
  FieldNode,
  getNamedType,
  GraphQLField,
  GraphQLLeafType,
  GraphQLObjectType,
  GraphQLSchema,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { Columns, entityColumnProperties } from '../../common/requested-columns';
import { joinBelow, RowJoin } from '../row-pages';
import { ownResolvers } from './own-resolvers';
import { Child } from '../child/child.entity';
import { Household } from '../household/household.entity';
import { Respondent } from '../respondent/respondent.entity';

/**
 * The plan of a compiled row-level page (docs/compiled-pages.md): what an operation that is one
 * page of rows asks for, read off its document once, so that its answer can be written straight
 * from the page statement's rows, without a resolver call per field.
 *
 * Only plain shapes compile: one root connection (`respondents`, `households`, `children`), its
 * `edges { cursor node }` and `pageInfo`, and below `node` the row type's own columns, its `id`,
 * `__typename`, and the rows the page statement joins (a respondent's `household`, a household's
 * `children`) with the same rules. Anything else (fragments, directives, `totalCount`, a field
 * with a resolver of its own, a field asked twice under one name) is not compiled: the operation
 * runs through graphql-js as before. `planFor` answers null for those.
 */

/** The row types a page can be compiled for, by GraphQL type name. */
const ROW_TYPES = new Map<string, typeof Respondent | typeof Household | typeof Child>([
  ['Respondent', Respondent],
  ['Household', Household],
  ['Child', Child],
]);

/** Root connection fields, by name, and the row type of their nodes. */
const ROOTS = new Map([
  ['respondents', 'Respondent'],
  ['households', 'Household'],
  ['children', 'Child'],
]);

/** One output field of a row: written in selection order under its response key. */
export type RowField =
  | { key: string; kind: 'typename'; value: string }
  | { key: string; kind: 'id'; typeName: string }
  | { key: string; kind: 'column'; property: string; leaf: GraphQLLeafType; nonNull: boolean }
  | { key: string; kind: 'join'; join: RowJoin; level: RowLevel };

/** The rows of one type in the answer: the fields asked and the columns they read. */
export interface RowLevel {
  typeName: string;
  entity: typeof Respondent | typeof Household | typeof Child;
  fields: RowField[];
  /** The columns to select: those of the fields, and the id (keys, cursors, grouping of joined rows). */
  columns: Columns;
  /** The joined level below, if asked (at most one per level: a row type has one join below it). */
  below?: { key: string; join: RowJoin; level: RowLevel };
}

export type EdgeField = { key: string; kind: 'typename'; value: string } | { key: string; kind: 'cursor' } | { key: string; kind: 'node' };
export type PageInfoField =
  | { key: string; kind: 'typename'; value: string }
  | { key: string; kind: 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor' };
export type ConnectionField =
  | { key: string; kind: 'typename'; value: string }
  | { key: string; kind: 'edges'; fields: EdgeField[] }
  | { key: string; kind: 'pageInfo'; fields: PageInfoField[] };

export interface PagePlan {
  /** The root field's name and response key. */
  rootField: string;
  rootKey: string;
  connection: ConnectionField[];
  /** The rows of `edges.node`, or none when the operation asks no node. */
  rows: RowLevel;
  /** Names everything that changes the statement's text and the answer's shape. */
  key: string;
  /** The same operation with the root field's selection cut to `__typename`: run to check and read its arguments. */
  argumentsDocument: DocumentNode;
}

class NotCompiled extends Error {}
const refuse = (): never => {
  throw new NotCompiled();
};

/** The fields of a selection set by response key, in order; null (not compiled) for anything but plain fields. */
function plainFields(set: SelectionSetNode | undefined): FieldNode[] {
  const seen = new Set<string>();
  return (set?.selections ?? []).map((s) => {
    if (s.kind !== Kind.FIELD || s.directives?.length) return refuse();
    const key = (s.alias ?? s.name).value;
    if (seen.has(key)) refuse();
    seen.add(key);
    return s;
  });
}

const keyOf = (f: FieldNode) => (f.alias ?? f.name).value;

function rowLevel(schema: GraphQLSchema, type: GraphQLObjectType, set: SelectionSetNode | undefined): RowLevel {
  const entity = ROW_TYPES.get(type.name) ?? refuse();
  // A schema not built by buildHubSchema has no record of its resolvers: nothing compiles.
  const own = ownResolvers(schema) ?? refuse();
  // Never a `select: false` column (a record key): those are not fields.
  const columns = new Set(entityColumnProperties(entity, true));
  const fieldDefs = type.getFields();
  const wanted = new Set(['id']);
  const fields: RowField[] = [];
  let below: RowLevel['below'];
  for (const node of plainFields(set)) {
    const key = keyOf(node);
    const name = node.name.value;
    if (name === '__typename') {
      fields.push({ key, kind: 'typename', value: type.name });
      continue;
    }
    const def: GraphQLField<unknown, unknown> = fieldDefs[name] ?? refuse();
    if (node.arguments?.length) refuse();
    const join = joinBelow(entity);
    if (join && name === join.field) {
      if (below) refuse();
      const target = getNamedType(def.type);
      if (!isObjectType(target)) refuse();
      const level = rowLevel(schema, target as GraphQLObjectType, node.selectionSet);
      below = { key, join, level };
      fields.push({ key, kind: 'join', join, level });
      continue;
    }
    if (name === 'id' && own.has(def) && isLeafType(getNamedType(def.type))) {
      // The type-tagged id (node.ids.ts globalId), the one field with a resolver that compiles.
      fields.push({ key, kind: 'id', typeName: type.name });
      continue;
    }
    // A plain column: graphql-js's default resolver reads the property named like the field.
    const leaf = getNamedType(def.type);
    if (own.has(def) || !columns.has(name) || !isLeafType(leaf) || isListType(isNonNullType(def.type) ? def.type.ofType : def.type)) refuse();
    wanted.add(name);
    fields.push({ key, kind: 'column', property: name, leaf: leaf as GraphQLLeafType, nonNull: isNonNullType(def.type) });
  }
  return { typeName: type.name, entity, fields, columns: new Columns([...columns].filter((c) => wanted.has(c))), below };
}

function simpleFields<K extends string>(set: SelectionSetNode | undefined, typeName: string, kinds: readonly K[]) {
  return plainFields(set).map((node) => {
    if (node.arguments?.length || node.selectionSet) refuse();
    const name = node.name.value;
    if (name === '__typename') return { key: keyOf(node), kind: 'typename' as const, value: typeName };
    if (!(kinds as readonly string[]).includes(name)) refuse();
    return { key: keyOf(node), kind: name as K };
  });
}

function connectionPlan(schema: GraphQLSchema, root: FieldNode, rowType: GraphQLObjectType) {
  const connectionType = getNamedType(schema.getQueryType()!.getFields()[root.name.value].type) as GraphQLObjectType;
  const edgeType = getNamedType(connectionType.getFields().edges.type);
  const pageInfoType = getNamedType(connectionType.getFields().pageInfo.type);
  let rows: RowLevel | undefined;
  const connection: ConnectionField[] = plainFields(root.selectionSet).map((node) => {
    const key = keyOf(node);
    const name = node.name.value;
    if (node.arguments?.length) refuse();
    if (name === '__typename') return { key, kind: 'typename', value: connectionType.name };
    if (name === 'pageInfo') return { key, kind: 'pageInfo', fields: simpleFields(node.selectionSet, pageInfoType.name, ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'] as const) };
    if (name !== 'edges') return refuse();
    const fields: EdgeField[] = plainFields(node.selectionSet).map((edge) => {
      const edgeKey = keyOf(edge);
      if (edge.arguments?.length) refuse();
      if (edge.name.value === '__typename') return { key: edgeKey, kind: 'typename', value: edgeType.name };
      if (edge.name.value === 'cursor') return { key: edgeKey, kind: 'cursor' };
      if (edge.name.value !== 'node' || rows) return refuse();
      rows = rowLevel(schema, rowType, edge.selectionSet);
      return { key: edgeKey, kind: 'node' };
    });
    return { key, kind: 'edges', fields };
  });
  return { connection, rows: rows ?? rowLevel(schema, rowType, undefined) };
}

function levelKey(level: RowLevel): string {
  return `${level.typeName}(${level.columns.key}${level.below ? `|${level.below.join.field}:${levelKey(level.below.level)}` : ''})`;
}

/** The operation's one root field, when the operation is a query of exactly one plain field. */
function rootField(operation: OperationDefinitionNode): FieldNode | undefined {
  if (operation.operation !== 'query' || operation.directives?.length) return undefined;
  const [only, ...more] = operation.selectionSet.selections;
  return only?.kind === Kind.FIELD && more.length === 0 && !only.directives?.length && only.selectionSet ? only : undefined;
}

function build(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): PagePlan | null {
  const root = rootField(operation);
  const rowTypeName = root && ROOTS.get(root.name.value);
  const rowType = rowTypeName && schema.getType(rowTypeName);
  if (!root || !rowType || !isObjectType(rowType)) return null;
  try {
    const { connection, rows } = connectionPlan(schema, root, rowType);
    const typename: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };
    const cut: FieldNode = { ...root, selectionSet: { kind: Kind.SELECTION_SET, selections: [typename] } };
    return {
      rootField: root.name.value,
      rootKey: keyOf(root),
      connection,
      rows,
      key: levelKey(rows),
      argumentsDocument: {
        kind: Kind.DOCUMENT,
        definitions: [{ ...operation, selectionSet: { kind: Kind.SELECTION_SET, selections: [cut] } }],
      },
    };
  } catch (e) {
    if (e instanceof NotCompiled) return null;
    throw e;
  }
}

/** Plans by document and operation (documents are kept by Apollo's document store; a plan lives as long as its document). */
const plans = new WeakMap<DocumentNode, Map<OperationDefinitionNode, PagePlan | null>>();

/** The compiled plan of `operation`, or null when it is not a plain page (it then runs through graphql-js). */
export function planFor(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): PagePlan | null {
  let byOperation = plans.get(document);
  if (!byOperation) plans.set(document, (byOperation = new Map()));
  let plan = byOperation.get(operation);
  if (plan === undefined) byOperation.set(operation, (plan = build(schema, document, operation)));
  return plan;
}
