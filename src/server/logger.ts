import pino, { DestinationStream, Logger } from 'pino';

/**
 * Bytes of log lines waiting for stdout: when whatever reads the hub's output stops reading, lines
 * beyond this are dropped rather than held (pino's default buffer grows without bound).
 */
export const LOG_BUFFER_BYTES = 16 * 2 ** 20;

/** JSON lines for machines (log shippers, `jq`), or readable lines for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';

/**
 * The hub's logger, on stdout unless `out` is given. Without a format (LOG_FORMAT unset) it is
 * pretty when stdout is a terminal and JSON otherwise. Logs carry operation names, durations,
 * error codes and counts, never variables, answers or keys: respondents are refugees and
 * migrants. Redaction happens before formatting, so it holds in both formats.
 */
export function createLogger(level: string, format?: LogFormat, out?: DestinationStream): Logger {
  const options = { level, redact: { paths: ['req.headers.authorization', 'variables'], remove: true } };
  const stdoutIsTerminal = process.stdout.isTTY === true;
  const destination = out ?? pino.destination({ dest: 1, minLength: 0, maxLength: LOG_BUFFER_BYTES });
  if ((format ?? (stdoutIsTerminal ? 'pretty' : 'json')) === 'json') return pino(options, destination);
  // In-process and synchronous (not pino-pretty's worker transport): a line is written before
  // the hub exits, and through the same bounded stdout buffer as JSON lines. Required here, not
  // at the top, so that JSON logging (services, tests) never loads the formatter.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { prettyFactory } = require('pino-pretty') as typeof import('pino-pretty');
  const prettify = prettyFactory({ colorize: out === undefined && stdoutIsTerminal, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
  return pino(options, { write: (line: string) => destination.write(prettify(line)) });
}
