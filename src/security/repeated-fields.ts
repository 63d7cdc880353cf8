import type { RequestHandler } from 'express';
import { DocumentNode, Kind, parse, SelectionSetNode, visit } from 'graphql';
import { LRUCache } from 'lru-cache';
import { MAX_QUERY_TOKENS } from './query-limits';
import { LRU_ENTRY_BYTES, stringBytes } from '../common/heap-bytes';
import { sendError } from './error-answer';

/**
 * Most times one response name (a field or an alias) may appear in one selection set, and one
 * fragment may be spread there. graphql-js's OverlappingFieldsCanBeMerged rule compares every
 * pair of same-named fields, so 500 copies of one field (about 1,000 tokens, well under the token
 * limit) kept validation busy for 0.2-0.4 s per request: a client within its rate limit could keep
 * the process busy. Legitimate documents repeat a name a few times at most.
 */
export const MAX_SAME_NAME = 25;

/** Heap bytes of the document texts whose verdict is kept, keys and bookkeeping included. */
const VERDICT_BYTES = 4 * 2 ** 20;

function queryOf(body: unknown, query: unknown): string | undefined {
  const fromBody = body && typeof body === 'object' && !Array.isArray(body) ? (body as { query?: unknown }).query : undefined;
  const text = fromBody ?? (query as { query?: unknown } | undefined)?.query;
  return typeof text === 'string' ? text : undefined;
}

/** The name under which a selection lands in its set: a field's response name, or a spread's fragment. */
function nameOf(sel: SelectionSetNode['selections'][number]): string | null {
  if (sel.kind === Kind.FIELD) return (sel.alias ?? sel.name).value;
  return sel.kind === Kind.FRAGMENT_SPREAD ? `...${sel.name.value}` : null;
}

/** The first name repeated more than `limit` times in one selection set, with its count. */
export function mostRepeated(document: DocumentNode, limit: number): { name: string; count: number } | null {
  let found: { name: string; count: number } | null = null;
  visit(document, {
    SelectionSet(set: SelectionSetNode) {
      if (found) return false;
      const counts = new Map<string, number>();
      for (const sel of set.selections) {
        const name = nameOf(sel);
        if (name !== null) counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      for (const [name, count] of counts) {
        if (count > limit) {
          found = { name, count };
          return false;
        }
      }
      return undefined;
    },
  });
  return found;
}

/**
 * Refuses, before Apollo validates anything, a document that repeats one name more than
 * MAX_SAME_NAME times in a selection set. A document that does not parse is left to Apollo,
 * which answers it with its own error.
 */
export function rejectRepeatedFields(limit = MAX_SAME_NAME): RequestHandler {
  // The verdict per document text: parsing every request again was a tenth of the CPU of a cached
  // stats answer. Bounded by the bytes of the texts kept.
  const verdicts = new LRUCache<string, { repeated: { name: string; count: number } | null }>({
    maxSize: VERDICT_BYTES,
    sizeCalculation: (_, text) => stringBytes(text) + LRU_ENTRY_BYTES,
  });
  const verdictOf = (text: string) => {
    const kept = verdicts.get(text);
    if (kept) return kept.repeated;
    let document: DocumentNode;
    try {
      document = parse(text, { maxTokens: MAX_QUERY_TOKENS });
    } catch {
      return null;
    }
    const repeated = mostRepeated(document, limit);
    verdicts.set(text, { repeated });
    return repeated;
  };
  return (req, res, next) => {
    const text = queryOf(req.body, req.query);
    if (!text) return next();
    const repeated = verdictOf(text);
    if (!repeated) return next();
    sendError(
      res,
      400,
      'BAD_USER_INPUT',
      `The document asks for ${repeated.name} ${repeated.count} times in one selection set, over the limit of ${limit}; ask for each field once.`,
    );
  };
}
