import type { Response } from 'express';
import { boundMessage, cut } from '../common/quote';

/** What a refused download got wrong: the parameter, the value it was given and what is allowed. */
export interface ExportErrorDetails {
  parameter?: string;
  value?: unknown;
  allowed?: readonly string[] | string;
}

/** A download the hub refuses: its HTTP status, a sentence in the hub's error style, and the details. */
export class ExportRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details: ExportErrorDetails = {},
    /** GraphQL's code, when the refusal comes from the stats query. */
    readonly code?: string,
  ) {
    super(message);
  }
}

const CODES: Record<number, string> = { 400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 429: 'RATE_LIMITED', 503: 'SERVER_BUSY' };

/**
 * Sends a refusal as every answer outside GraphQL is shaped (security/error-answer.ts):
 * `{"errors":[{"message","extensions":{"code", "parameter", "value", "allowed"}}]}`, the parameter,
 * the value and the message bounded as GraphQL's messages are.
 */
export function sendExportError(res: Response, err: ExportRequestError | undefined): void {
  const status = err?.status ?? 500;
  const { parameter, value, allowed } = err?.details ?? {};
  const extensions = {
    code: err?.code ?? CODES[status] ?? 'INTERNAL_SERVER_ERROR',
    ...(parameter === undefined ? {} : { parameter: cut(parameter) }),
    ...(value === undefined ? {} : { value: cut(String(value)) }),
    ...(allowed === undefined ? {} : { allowed }),
  };
  res
    .status(status)
    .type('application/json; charset=utf-8')
    .setHeader('Cache-Control', 'no-store')
    .send(JSON.stringify({ errors: [{ message: err ? boundMessage(err.message) : 'Internal server error', extensions }] }));
}
