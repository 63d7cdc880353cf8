import pino, { Logger } from 'pino';

/**
 * Bytes of log lines waiting for stdout: when whatever reads the hub's output stops reading, lines
 * beyond this are dropped rather than held (pino's default buffer grows without bound).
 */
export const LOG_BUFFER_BYTES = 16 * 2 ** 20;

/**
 * The hub's logger (JSON lines on stdout). Logs carry operation names, durations, error codes
 * and counts, never variables, answers or keys: respondents are refugees and migrants.
 */
export function createLogger(level: string): Logger {
  return pino(
    { level, redact: { paths: ['req.headers.authorization', 'variables'], remove: true } },
    pino.destination({ dest: 1, minLength: 0, maxLength: LOG_BUFFER_BYTES }),
  );
}
