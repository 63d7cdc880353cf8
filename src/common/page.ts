import { ArgsType, Field, Int } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { badInput } from './errors';

/** Largest page a connection serves; documented in the README and in the `first` argument. */
export const MAX_PAGE_SIZE = 500;
export const DEFAULT_PAGE_SIZE = 50;

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    defaultValue: DEFAULT_PAGE_SIZE,
    description: `Number of items to return, 1 to ${MAX_PAGE_SIZE}.`,
  })
  @Min(1, { message: `first must be between 1 and ${MAX_PAGE_SIZE} (got $value)` })
  @Max(MAX_PAGE_SIZE, { message: `first must be between 1 and ${MAX_PAGE_SIZE} (got $value)` })
  first: number;

  @Field(() => String, {
    nullable: true,
    description: 'Return the items after this cursor (`pageInfo.endCursor` of the previous page).',
  })
  after?: string | null;
}

const CURSOR_PREFIX = 'c1:';

/** Cursors are opaque to clients: base64url of a version prefix and the row id. */
export function encodeCursor(id: string): string {
  return Buffer.from(CURSOR_PREFIX + id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): string | null {
  if (cursor === null || cursor === undefined) return null;
  const text = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!text.startsWith(CURSOR_PREFIX) || text.length === CURSOR_PREFIX.length) {
    throw badInput('after', cursor, 'expected a cursor returned by this API (pageInfo.endCursor or edges.cursor)');
  }
  return text.slice(CURSOR_PREFIX.length);
}
