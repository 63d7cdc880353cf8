import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Context } from '../modules/context';

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json';

interface Range {
  type: string;
  subtype: string;
  q: number;
  order: number;
}

function parseAccept(accept: string): Range[] {
  return accept.split(',').flatMap((part, order) => {
    const [range, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const [type, subtype] = range.split('/');
    if (!type || !subtype) return [];
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    return [{ type, subtype, q: Number.isFinite(q) ? q : 0, order }];
  });
}

/** How much a client wants a media type: its most specific matching range, as HTTP content negotiation ranks them. */
function preference(ranges: Range[], mediaType: string): { q: number; specificity: number; order: number } | null {
  const [type, subtype] = mediaType.split('/');
  let best: { q: number; specificity: number; order: number } | null = null;
  for (const r of ranges) {
    const specificity = (r.type === type ? 2 : r.type === '*' ? 0 : -1) + (r.subtype === subtype ? 1 : r.subtype === '*' ? 0 : -10);
    if (specificity < 0) continue;
    if (!best || specificity > best.specificity || (specificity === best.specificity && r.q > best.q)) best = { q: r.q, specificity, order: r.order };
  }
  return best && best.q > 0 ? best : null;
}

/** Whether an Accept header admits at least one of these media types (a missing header admits all). */
export function acceptsAny(accept: string | undefined, mediaTypes: readonly string[]): boolean {
  if (!accept) return true;
  const ranges = parseAccept(accept);
  return mediaTypes.some((t) => preference(ranges, t) !== null);
}

/**
 * Whether the client asked for legacy `application/json` by name and prefers it to
 * `application/graphql-response+json` (ranked as Apollo Server ranks them to pick the response's
 * media type: quality, then specificity, then the client's order). A missing Accept is not
 * legacy: the GraphQL-over-HTTP spec has treated it as `application/graphql-response+json`
 * since 2025.
 */
export function answersLegacyJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = parseAccept(accept);
  const json = preference(ranges, JSON_TYPE);
  const graphql = preference(ranges, GRAPHQL_RESPONSE_TYPE);
  // Only a client that names application/json has asked for its legacy status codes: `*/*`
  // alone (what fetch and curl send by default) is answered like no Accept at all.
  if (!json || json.specificity < 3) return false;
  if (!graphql) return true;
  return (graphql.q - json.q || graphql.specificity - json.specificity || json.order - graphql.order) <= 0;
}

/** Errors graphql-js raises while coercing the request's variables (before any field runs). */
const VARIABLE_COERCION = /^Variable "\$[_A-Za-z][_0-9A-Za-z]*" /;

/** A failure the GraphQL-over-HTTP spec answers with 200 under `application/json`: the document did not parse or validate, or a variable did not coerce. */
function isRequestError(error: GraphQLError): boolean {
  const code = error.extensions?.code;
  return code === 'GRAPHQL_PARSE_FAILED' || code === 'GRAPHQL_VALIDATION_FAILED' || (code === 'BAD_USER_INPUT' && VARIABLE_COERCION.test(error.message));
}

/**
 * Follows the GraphQL-over-HTTP spec's status codes for the media type of the response. Under
 * `application/graphql-response+json` (or no Accept), a document that does not parse or
 * validate and variables that do not coerce are 400, as Apollo Server answers them. Under legacy
 * `application/json`, the spec says 200 with the errors, since status codes there only say
 * whether the HTTP request itself was well-formed. Every other client mistake (unknown
 * operation, mutation, invalid text, over the limits, malformed JSON) stays 4xx in both.
 */
export function responseStatusPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      if (!request.http || !answersLegacyJson(request.http.headers.get('accept'))) return;
      return {
        async willSendResponse({ response, errors }) {
          const body = response.body;
          const noData = body.kind === 'single' && body.singleResult.data === undefined;
          if (noData && errors?.length && errors.every(isRequestError) && response.http.status === 400) {
            response.http.status = 200;
          }
        },
      };
    },
  };
}
