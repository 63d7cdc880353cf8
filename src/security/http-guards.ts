import cors from 'cors';
import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { RateLimits } from './rate-limits';

/** The rate-limit key of a request: its client address (after TRUST_PROXY_HOPS), IPv6 grouped by /56. */
export function clientKey(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

/** The 429 every limit answers: a GraphQL-shaped error a client can read, and Retry-After. */
export function sendRateLimited(res: Response, retryAfterSeconds: number, message: string): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  res.status(429).json({ errors: [{ message, extensions: { code: 'RATE_LIMITED' } }] });
}

/**
 * At most `perMinute` requests a minute from one client address, counted before the body is
 * read; past that, 429 with Retry-After. The RateLimit headers (IETF draft 7) tell a client its
 * budget. This is the outer guard; the cost budget is charged per operation (query-limits.ts).
 */
export function requestRateLimiter(limits: RateLimits, perMinute: number): RequestHandler {
  return async (req, res, next) => {
    const outcome = await limits.consumeRequest(clientKey(req));
    res.setHeader('RateLimit-Policy', `${perMinute};w=60`);
    res.setHeader('RateLimit', `limit=${perMinute}, remaining=${outcome.remaining}, reset=${outcome.retryAfterSeconds}`);
    if (!outcome.allowed) {
      sendRateLimited(
        res,
        outcome.retryAfterSeconds,
        `Too many requests: at most ${perMinute} a minute from one client. Retry after the number of seconds in the Retry-After header.`,
      );
      return;
    }
    next();
  };
}

/** Browsers of partner dashboards may call the API from the origins configured (`*`: any). */
export function corsFor(origins: readonly string[]): RequestHandler {
  return cors({
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'POST', 'OPTIONS'],
    // mcp-protocol-version: MCP clients in a browser send it on every request after the first (docs/mcp.md).
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight', 'mcp-protocol-version'],
    exposedHeaders: ['retry-after', 'ratelimit', 'ratelimit-policy'],
    maxAge: 600,
  });
}
