import express, { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { acceptsAny } from './response-status';
import { isUtf8, queryStringProblem } from '../common/client-text';
import { sendError } from '../security/error-answer';
import { UNIT_DECLARATIONS, UNIT_NAMES } from '../questionnaire/units';

/** The largest JSON body /graphql reads. */
export const BODY_LIMIT = '256kb';

class InvalidUtf8Error extends Error {
  readonly type = 'entity.not.utf8';
}

/**
 * The /graphql body: JSON up to BODY_LIMIT, in UTF-8 (RFC 8259). Bytes that are not UTF-8 are
 * refused rather than silently replaced by U+FFFD, so a filter never matches other text than the
 * client sent.
 */
export function jsonBody(): RequestHandler {
  return express.json({
    limit: BODY_LIMIT,
    verify: (_req, _res, body, encoding) => {
      if (/^utf-?8$/i.test(encoding) && !isUtf8(body)) throw new InvalidUtf8Error('request body is not UTF-8');
    },
  });
}

/** Refuses a query string that is not percent-encoded UTF-8 or holds NUL characters, naming the parameter. */
export function rejectMalformedQueryString(): RequestHandler {
  return (req, res, next) => {
    const problem = queryStringProblem(req.originalUrl);
    if (problem) sendError(res, 400, 'BAD_USER_INPUT', problem);
    else next();
  };
}

/** What /graphql can answer: JSON in either GraphQL media type, multipart for @defer, the Sandbox page. */
const GRAPHQL_MEDIA_TYPES = ['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html'];

/**
 * Refuses with 406 a request whose Accept header admits nothing /graphql can send, before the
 * operation runs (Apollo Server would run it first and refuse to send the result).
 */
export function rejectUnacceptable(): RequestHandler {
  return (req, res, next) => {
    if (acceptsAny(req.headers.accept, GRAPHQL_MEDIA_TYPES)) return next();
    sendError(res, 406, 'NOT_ACCEPTABLE', 'The Accept header admits no type this endpoint sends; accept application/graphql-response+json or application/json.');
  };
}

/** The stats queries, one per unit: each has a CSV download, `/export/<query>.csv`. */
const STATS_QUERIES = UNIT_NAMES.map((u) => UNIT_DECLARATIONS[u].statsQuery);

/** The hub's routes outside /graphql, with the methods each answers (a wrong method is 405, not 404). */
const ROUTES: { path: RegExp; allow: string }[] = [
  { path: /^\/graphql\/?$/, allow: 'GET, POST' },
  { path: /^\/(health|ready)\/?$/, allow: 'GET, HEAD' },
  { path: new RegExp(`^/export/(${STATS_QUERIES.join('|')})\\.csv$`), allow: 'GET, HEAD' },
  { path: /^\/codebook\/[^/]+$/, allow: 'GET, HEAD' },
];

const ENDPOINTS = `POST /graphql, GET /health, GET /ready, GET /export/{${STATS_QUERIES.join(',')}}.csv, GET /codebook/{roundId}.{xml,json}`;

/** Last route: an unknown path is 404 and a known path asked with another method is 405, both as JSON. */
export function notFound(): RequestHandler {
  return (req, res) => {
    const route = ROUTES.find((r) => r.path.test(req.path));
    if (route) {
      res.setHeader('Allow', route.allow);
      sendError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed here; use ${route.allow}.`);
    } else {
      sendError(res, 404, 'NOT_FOUND', `No such endpoint. This hub serves ${ENDPOINTS}.`);
    }
  };
}

interface BodyError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  limit?: number;
  charset?: string;
  encoding?: string;
}

/**
 * Last error handler: what Express would answer with an HTML page (with the stack trace outside
 * production) is a JSON GraphQL error instead. Body mistakes are 4xx with a stable code; anything
 * else is a logged 500 with a bare message.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const e = (err ?? {}) as BodyError;
    if (res.headersSent) {
      logger.error({ err }, 'error after the response started');
      req.socket.destroy();
      return;
    }
    switch (e.type) {
      case 'entity.parse.failed':
        return sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON. Send a JSON object such as {"query": "{ rounds { number } }"}.');
      case 'entity.not.utf8':
        return sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid UTF-8. Send JSON encoded as UTF-8.');
      case 'entity.too.large':
        return sendError(res, 413, 'PAYLOAD_TOO_LARGE', `The request body is over the limit of ${BODY_LIMIT.replace('kb', ' KB')}. Send a shorter document, or move large values out of it.`);
      case 'charset.unsupported':
        return sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported charset; send the body as UTF-8.');
      case 'encoding.unsupported':
        return sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported Content-Encoding; send the body uncompressed, gzip or deflate.');
      case 'request.aborted':
      case 'request.size.invalid':
        return sendError(res, 400, 'BAD_REQUEST', 'The request body was incomplete (shorter than its Content-Length).');
    }
    const status = e.status ?? e.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // A client mistake raised by Express or a body parser (e.g. a broken compressed stream): its own message is safe to show only when marked so.
      return sendError(res, status, 'BAD_REQUEST', e.expose && err instanceof Error ? err.message : 'The request could not be read.');
    }
    logger.error({ err }, 'unexpected error while serving a request');
    sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  };
}
