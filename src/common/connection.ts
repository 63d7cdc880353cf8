import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { encodeCursor } from './page';

@ObjectType({ simpleResolvers: true, description: 'Relay page information. Pages go forward only (`first`/`after`).' })
export class PageInfo {
  @Field({ description: 'Whether more items follow this page.' })
  hasNextPage: boolean;

  @Field({ description: 'Whether items precede this page (true when `after` was given).' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of the page.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item; pass it as `after` for the next page.' })
  endCursor: string | null;
}

/** A page of rows as the pagination queries return it, before it becomes a connection. */
export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: () => Promise<number>;
}

export interface ConnectionShape<T> {
  readonly totalCount: Promise<number>;
  pageInfo: PageInfo;
  edges: { cursor: string; node: T }[];
}

/** Where a connection's items are in its selection (for `requestedColumns`). */
export const EDGE_NODE = ['edges', 'node'] as const;

/** Builds the Relay connection and edge types of a node type. */
export function connectionType<T extends { id: string }>(node: ClassType<T>, noun: string) {
  @ObjectType(`${node.name}Edge`, { simpleResolvers: true, description: `One ${noun} and its cursor.` })
  class Edge {
    @Field({ description: 'Cursor of this item.' })
    cursor: string;

    @Field(() => node, { description: `The ${noun}.` })
    node: T;
  }

  @ObjectType(`${node.name}Connection`, { simpleResolvers: true, description: `A page of ${noun} items (Relay connection).` })
  class Connection implements ConnectionShape<T> {
    // A getter on the resolved object: the count query runs only when a client asks for it.
    @Field(() => Int, { description: `Number of ${noun} items matching the filter, over all pages.` })
    readonly totalCount: Promise<number>;

    @Field(() => PageInfo, { description: 'Where this page stands.' })
    pageInfo: PageInfo;

    @Field(() => [Edge], { description: `The ${noun} items of this page.` })
    edges: Edge[];
  }
  return Connection;
}

export function toConnection<T extends { id: string }>(page: Page<T>): ConnectionShape<T> {
  const edges = page.rows.map((node) => ({ cursor: encodeCursor(node.id), node }));
  return {
    get totalCount() {
      return page.totalCount();
    },
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPreviousPage,
      startCursor: edges.length ? edges[0].cursor : null,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    },
  };
}
