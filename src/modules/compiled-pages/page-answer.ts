import type { DataSource, EntityManager } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { Page } from '../../common/connection';
import { rowKey } from '../../common/entity-rows';
import { encodeCursor } from '../../common/page';
import type { PageExpansion } from '../../common/row-page';
import { globalId, NodeTypeName } from '../node/node.ids';
import { joinedStatement } from '../row-pages';
import type { ConnectionField, PagePlan, RowLevel } from './page-plan';

/**
 * Writes a compiled page's answer (page-plan.ts) straight from the rows of the page statement:
 * each value goes through the same steps graphql-js and the ORM would take (the driver's
 * conversion of the column, then the GraphQL type's `serialize`), into objects whose keys are in
 * selection order, as graphql-js writes them. A null in a non-null field, which graphql-js would
 * answer with an error, stops the compiled answer instead (`CompiledPageMiss`): the operation
 * then runs through graphql-js and answers as it always did.
 */

/** A row of the page, written: its id (for cursors) and its answer object. */
export interface WrittenRow {
  id: string;
  out: Record<string, unknown>;
}

/** The compiled answer cannot be written for these rows; the operation must run through graphql-js. */
export class CompiledPageMiss extends Error {}

type Write = (row: Record<string, unknown>, out: Record<string, unknown>) => void;

interface LevelReader {
  idKey: string;
  many: boolean;
  /** Under which key of the level above this level's rows go (none for the page's own rows). */
  key?: string;
  write: Write[];
}

function fieldWriter(m: EntityManager, level: RowLevel, alias: string, field: RowLevel['fields'][number]): Write {
  const { key } = field;
  if (field.kind === 'typename') return (_, out) => void (out[key] = field.value);
  const idKey = rowKey(m, alias, 'id');
  if (field.kind === 'id') return (row, out) => void (out[key] = globalId(field.typeName as NodeTypeName, String(row[idKey])));
  // A joined field starts empty, in its place in the selection order; its rows are added later.
  if (field.kind === 'join') return field.join.many ? (_, out) => void (out[key] = []) : (_, out) => void (out[key] = null);
  const column: ColumnMetadata | undefined = m.connection.getMetadata(level.entity).findColumnWithPropertyName(field.property);
  if (!column) throw new Error(`no column for ${level.typeName}.${field.property}`);
  const raw = rowKey(m, alias, column.databaseName);
  const driver = m.connection.driver;
  const { leaf, nonNull } = field;
  return (row, out) => {
    const value = row[raw];
    if (value === null || value === undefined) {
      if (nonNull) throw new CompiledPageMiss(`${level.typeName}.${field.property} is null`);
      out[key] = null;
    } else out[key] = leaf.serialize(driver.prepareHydratedValue(value, column));
  };
}

/** The readers of a plan's levels (page rows first), for one data source: raw-row keys depend on its driver. */
function levelReaders(m: EntityManager, plan: PagePlan, alias: string): LevelReader[] {
  const readers: LevelReader[] = [];
  let level: RowLevel | undefined = plan.rows;
  let at = alias;
  let key: string | undefined;
  let many = false;
  while (level) {
    const current: RowLevel = level;
    readers.push({ idKey: rowKey(m, at, 'id'), many, key, write: current.fields.map((f) => fieldWriter(m, current, at, f)) });
    key = current.below?.key;
    many = current.below?.join.many ?? false;
    at = current.below?.join.alias ?? at;
    level = current.below?.level;
  }
  return readers;
}

const readerCache = new WeakMap<PagePlan, WeakMap<DataSource, LevelReader[]>>();

function readersFor(m: EntityManager, plan: PagePlan, alias: string): LevelReader[] {
  let bySource = readerCache.get(plan);
  if (!bySource) readerCache.set(plan, (bySource = new WeakMap()));
  let readers = bySource.get(m.connection);
  if (!readers) bySource.set(m.connection, (readers = levelReaders(m, plan, alias)));
  return readers;
}

function written(readers: LevelReader[], level: number, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const write of readers[level].write) write(row, out);
  return out;
}

/**
 * The page statement's rows (one per row of the deepest joined level, in page order) as the
 * page's written rows, each joined row under its parent once.
 */
function writeRows(readers: LevelReader[], raw: Record<string, unknown>[]): WrittenRow[] {
  const rows: WrittenRow[] = [];
  const seen = readers.map(() => new Map<string, Record<string, unknown>>());
  for (const row of raw) {
    let parent: Record<string, unknown> | undefined;
    for (let i = 0; i < readers.length; i += 1) {
      const reader = readers[i];
      const id = row[reader.idKey];
      if (id === null || id === undefined) break;
      const key = String(id);
      let out = seen[i].get(key);
      if (!out) {
        out = written(readers, i, row);
        seen[i].set(key, out);
        if (i === 0) rows.push({ id: key, out });
        else if (reader.many) (parent![reader.key!] as unknown[]).push(out);
        else parent![reader.key!] = out;
      }
      parent = out;
    }
  }
  return rows;
}

/** The page statement of a plan: the rows' statement with its joined levels, read into written rows. */
export function compiledExpansion(plan: PagePlan, alias: string): PageExpansion<WrittenRow> {
  const joined: { join: NonNullable<RowLevel['below']>['join']; columns: RowLevel['columns'] }[] = [];
  for (let below = plan.rows.below; below; below = below.level.below) joined.push({ join: below.join, columns: below.level.columns });
  return {
    key: `compiled|${plan.key}`,
    wrap: (m, rowsSql) => (joined.length ? joinedStatement(m, alias, joined, rowsSql) : rowsSql),
    read: (m, raw) => writeRows(readersFor(m, plan, alias), raw),
  };
}

/** The connection's answer, fields in selection order. */
export function connectionAnswer(fields: readonly ConnectionField[], page: Page<WrittenRow>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let cursors: string[] | undefined;
  const cursorsOf = () => (cursors ??= page.rows.map((r) => encodeCursor(r.id)));
  for (const field of fields) {
    if (field.kind === 'typename') out[field.key] = field.value;
    else if (field.kind === 'pageInfo') {
      const info: Record<string, unknown> = {};
      for (const f of field.fields) {
        if (f.kind === 'typename') info[f.key] = f.value;
        else if (f.kind === 'hasNextPage') info[f.key] = page.hasNextPage;
        else if (f.kind === 'hasPreviousPage') info[f.key] = page.hasPreviousPage;
        else if (f.kind === 'startCursor') info[f.key] = page.rows.length ? cursorsOf()[0] : null;
        else info[f.key] = page.rows.length ? cursorsOf()[page.rows.length - 1] : null;
      }
      out[field.key] = info;
    } else {
      out[field.key] = page.rows.map((row, i) => {
        const edge: Record<string, unknown> = {};
        for (const f of field.fields) {
          if (f.kind === 'typename') edge[f.key] = f.value;
          else if (f.kind === 'cursor') edge[f.key] = cursorsOf()[i];
          else edge[f.key] = row.out;
        }
        return edge;
      });
    }
  }
  return out;
}
