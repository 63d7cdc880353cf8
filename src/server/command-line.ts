import { packageVersion } from '../common/package-version';

const USAGE = `Usage: npm start    (runs: node dist/src/main.js)
       node dist/src/main.js --version | --help

Starts DTM Hub: opens the database (migrating it, and seeding it when it holds no rounds), then
serves the GraphQL API at http://HOST:PORT/graphql (by default port 4000 on every interface).

Settings are environment variables, also read from .env in the working directory: the README's
"Configuration" section explains each one, .env.example shows each with its default, and
docs/README.md says where the rest of the documentation is. Maintenance commands (import and
export rounds, partner keys, gazetteers): dtm-hub --help.
`;

/** What the hub prints and its exit code when it is not to start. */
export interface CommandLineAnswer {
  code: number;
  out?: string;
  err?: string;
}

/**
 * The hub's own arguments: --help and --version answer and exit; anything else is refused, so that
 * a setting given as a flag (`--port 5000`) is not ignored in silence. No argument: start.
 */
export function answerCommandLine(argv: string[]): CommandLineAnswer | undefined {
  if (argv.length === 0) return undefined;
  const unknown = argv.find((a) => !['--help', '-h', '--version', '-V'].includes(a));
  if (unknown !== undefined) {
    return {
      code: 2,
      err: `error: unknown argument ${JSON.stringify(unknown)}: the hub takes only --help or --version; settings are environment variables (e.g. PORT=5000 npm start).\n`,
    };
  }
  if (argv.includes('--help') || argv.includes('-h')) return { code: 0, out: USAGE };
  return { code: 0, out: `${packageVersion()}\n` };
}
