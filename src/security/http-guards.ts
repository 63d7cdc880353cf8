import cors from 'cors';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';

/**
 * At most `perMinute` requests a minute from one client address (IPv6 grouped by /56), answered
 * past that with 429, a Retry-After header and a GraphQL-shaped error a client can read.
 */
export function rateLimiter(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (_req, res) => {
      res.status(429).json({
        errors: [
          {
            message: `Too many requests: at most ${perMinute} a minute from one client. Retry after the number of seconds in the Retry-After header.`,
            extensions: { code: 'RATE_LIMITED' },
          },
        ],
      });
    },
  });
}

/** Browsers of partner dashboards may call the API from the origins configured (`*`: any). */
export function corsFor(origins: readonly string[]): RequestHandler {
  return cors({
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['content-type', 'authorization', 'apollo-require-preflight'],
    maxAge: 600,
  });
}
