import pino, { Logger } from 'pino';

/**
 * The hub's logger (JSON lines on stdout). Logs carry operation names, durations, error codes
 * and counts, never variables, answers or keys: respondents are refugees and migrants.
 */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: ['req.headers.authorization', 'variables'], remove: true } });
}
