import type { ApolloServerPlugin, BaseContext, GraphQLResponse } from '@apollo/server';
import type { GraphQLError } from 'graphql';

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
 * What graphql-js produced, if the operation ran: `data` is present (possibly null) once
 * execution started, and absent when the request was refused before it (parse, validation, the
 * guards and limits of didResolveOperation, a bad key while building the context).
 */
function executedData(response: GraphQLResponse): { ran: false } | { ran: true; data: unknown } {
  const body = response.body;
  const result = body.kind === 'single' ? body.singleResult : body.initialResult;
  return 'data' in result ? { ran: true, data: result.data } : { ran: false };
}

/**
 * The status of an answer whose operation ran. Apollo takes a status from any error's
 * `extensions.http`, field errors included, so a public caller's partial `nodes` answer went out
 * as 403 with its data; the GraphQL-over-HTTP spec says an answer whose `data` is not null MUST be
 * 2xx, and clients and routers drop a non-2xx answer's data (`@apollo/gateway` turns it into
 * "403: Forbidden" with `data: null`). A 4xx raised by a field refuses that field, not the
 * request, so it is 200 even when it nulled the whole answer. A 503 that nulled the whole answer
 * (time budget, busy) stays 503 with its Retry-After: nothing usable was sent, and retrying later
 * is the remedy.
 */
function statusOnceExecuted(status: number | undefined, data: unknown): number | undefined {
  if (status === undefined || status < 300) return status;
  if (data !== null && data !== undefined) return 200;
  return status < 500 ? 200 : status;
}

/**
 * Follows the GraphQL-over-HTTP spec's status codes. Once the operation ran, the answer is 2xx
 * with the errors in `errors[]`, for both media types (statusOnceExecuted). Before it ran, under
 * `application/graphql-response+json` (or no Accept), a document that does not parse or
 * validate and variables that do not coerce are 400, as Apollo Server answers them. Under legacy
 * `application/json`, the spec says 200 with the errors, since status codes there only say
 * whether the HTTP request itself was well-formed. Every other request-level refusal (a bad key,
 * unknown operation, mutation, invalid text, over the limits, malformed JSON) keeps its 4xx in
 * both.
 */
export function responseStatusPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      const legacy = request.http !== undefined && answersLegacyJson(request.http.headers.get('accept'));
      return {
        async willSendResponse({ response, errors }) {
          const executed = executedData(response);
          if (executed.ran) {
            response.http.status = statusOnceExecuted(response.http.status, executed.data);
          } else if (legacy && errors?.length && errors.every(isRequestError) && response.http.status === 400) {
            response.http.status = 200;
          }
        },
      };
    },
  };
}
