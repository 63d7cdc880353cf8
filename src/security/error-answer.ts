import type { Response } from 'express';
import { boundMessage } from '../common/quote';

/**
 * Answers outside GraphQL (a body that is not JSON, an unknown path, a request a guard refuses
 * before Apollo reads it) are shaped like GraphQL errors, so that every client reads one format:
 * `{"errors":[{"message","extensions":{"code"}}]}`.
 */
export function sendError(res: Response, status: number, code: string, message: string): void {
  res
    .status(status)
    .type('application/json; charset=utf-8')
    .setHeader('Cache-Control', 'no-store')
    .send(JSON.stringify({ errors: [{ message: boundMessage(message), extensions: { code } }] }));
}
