import { Command, CommanderError, Option } from 'commander';
import { packageVersion } from '../common/package-version';
import { ConfigError } from '../config/config';
import { DEFAULT_IMPORT_WAIT_SECONDS } from '../import/import-lock';
import type { CliIo } from './cli-io';
import { registerBundleCommand } from './bundle-command';
import { registerKeysCommand } from './keys-command';
import { registerLocationsCommand } from './locations-command';
import { registerMigrateCommand } from './migrate-command';
import { createProgressDisplay } from './progress-display';
import { formatImportReport } from './report';
import { openTargetDatabase, targetDatabaseHelp } from './target-database';

/**
 * Exit codes of the CLI (documented in docs/import-format.md): 1 is "the data was refused and
 * nothing was written" (violations, a round to export that does not exist, another import that
 * kept the database past --wait), 2 a usage error or a command that could not run.
 */
export const EXIT = { ok: 0, violations: 1, error: 2 } as const;

/**
 * The `dtm-hub` command line, runnable in-process: returns the exit code instead of exiting, so
 * tests drive the same code path as operators. Commands load TypeORM, the drivers and the import
 * and export code when they run (`await import`), not here: `dtm-hub --help` stays quick.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('dtm-hub')
    .description('DTM Hub maintenance commands: import and export round bundles, load gazetteers, manage partner keys, migrate the database, generate test bundles.')
    .version(packageVersion(), '-V, --version', 'print the version of DTM Hub')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .addHelpText('afterAll', () => targetDatabaseHelp(io.env));

  program
    .command('import')
    .description('Check a round bundle (folder or .xlsx) and, when it is valid, replace the round in the database.')
    .argument('<bundle>', 'a folder with round.json and the CSV files, or an .xlsx workbook')
    .option('--dry-run', 'check everything, write nothing')
    .option('--json', 'print the result as JSON on stdout')
    .option('--mapping <file>', 'a mapping.json renaming source headers and values')
    .addOption(new Option('--max-violations <n>', 'violations to list in full').default('100'))
    .addOption(
      new Option('--wait <seconds>', 'how long to wait while another import writes to the database, then give up with nothing written').default(
        String(DEFAULT_IMPORT_WAIT_SECONDS),
      ),
    )
    .option('--quiet', 'no progress output')
    .action(async (bundle: string, opts: { dryRun?: boolean; json?: boolean; mapping?: string; maxViolations: string; wait: string; quiet?: boolean }) => {
      const max = Number(opts.maxViolations);
      if (!Number.isInteger(max) || max < 1) throw new UsageError('--max-violations must be a positive integer');
      const waitSeconds = Number(opts.wait);
      if (!/^\d+$/.test(opts.wait) || !Number.isSafeInteger(waitSeconds)) throw new UsageError('--wait must be a whole number of seconds (0 or more)');
      const dataSource = await openTargetDatabase(io);
      try {
        const { importBundle } = await import('../import/import-round');
        const result = await importBundle(dataSource, bundle, {
          dryRun: opts.dryRun === true,
          mappingPath: opts.mapping,
          maxReportedViolations: max,
          waitSeconds,
          progress: createProgressDisplay(io.stderr, { quiet: io.quiet || opts.quiet }),
        });
        if (opts.json) {
          io.stdout.write(`${JSON.stringify({ dryRun: opts.dryRun === true, ...result }, null, 2)}\n`);
        } else {
          const report = formatImportReport(result, bundle, opts.dryRun === true, waitSeconds);
          io.stderr.write(report.err);
          io.stdout.write(report.out);
        }
        code = result.ok ? EXIT.ok : EXIT.violations;
      } finally {
        await dataSource.destroy();
      }
    });

  program
    .command('export')
    .description('Write a round of the database out as a folder bundle (round.json + CSV files).')
    .argument('<country>', 'ISO3 code of the country, e.g. PER')
    .argument('<round>', 'round number, e.g. 4')
    .argument('<folder>', 'folder to write (created if needed)')
    .action(async (country: string, round: string, folder: string) => {
      const number = Number(round);
      if (!/^[A-Za-z]{3}$/.test(country)) throw new UsageError('<country> must be an ISO3 code such as PER');
      if (!Number.isInteger(number) || number < 1) throw new UsageError('<round> must be a round number ≥ 1');
      const { exportRound, RoundNotFoundError } = await import('../export/round-bundle');
      const dataSource = await openTargetDatabase(io);
      try {
        const result = await exportRound(dataSource, country, number, folder);
        const { respondents, households, children } = result.counts;
        io.stdout.write(`Exported round ${result.roundId} to ${folder}: ${respondents} respondents, ${households} households, ${children} children.\n`);
      } catch (e) {
        if (!(e instanceof RoundNotFoundError)) throw e;
        io.stderr.write(`error: ${e.message}\n`);
        code = EXIT.violations;
      } finally {
        await dataSource.destroy();
      }
    });

  program
    .command('delete')
    .description('Delete a round and all its rows from the database (recorded in the change log, so partners drop it).')
    .argument('<country>', 'ISO3 code of the country, e.g. PER')
    .argument('<round>', 'round number, e.g. 4')
    .action(async (country: string, round: string) => {
      const number = Number(round);
      if (!/^[A-Za-z]{3}$/.test(country)) throw new UsageError('<country> must be an ISO3 code such as PER');
      if (!Number.isInteger(number) || number < 1) throw new UsageError('<round> must be a round number ≥ 1');
      const { deleteRound, UnknownRoundError } = await import('../import/delete-round');
      const dataSource = await openTargetDatabase(io);
      try {
        io.stdout.write(`Deleted round ${await deleteRound(dataSource, country, number, { waitSeconds: DEFAULT_IMPORT_WAIT_SECONDS })}.\n`);
      } catch (e) {
        if (!(e instanceof UnknownRoundError)) throw e;
        io.stderr.write(`error: ${e.message}\n`);
        code = EXIT.violations;
      } finally {
        await dataSource.destroy();
      }
    });

  registerKeysCommand(program, io, (c) => {
    code = c;
  });
  registerLocationsCommand(program, io, (c) => {
    code = c;
  });
  registerBundleCommand(program, io, (c) => {
    code = c;
  });
  registerMigrateCommand(program, io);

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here too, successfully.
      return e.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.stderr.write(`error: ${e.message}\n`);
      return EXIT.error;
    }
    if (isSqliteBusy(e)) {
      // Another process (a dtm-hub command, a hub seeding its database) kept SQLite's writer lock
      // past the busy timeout: the statement failed, and its transaction wrote nothing.
      io.stderr.write(
        'error: another process was writing to the SQLite database and did not finish within 5 s; nothing was written. ' +
          'Run the command again when it has finished.\n',
      );
      return EXIT.violations;
    }
    // Driver messages only: never the statement parameters (they hold answers).
    io.stderr.write(`error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    return EXIT.error;
  }
}

class UsageError extends Error {}

function isSqliteBusy(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown } } | null;
  return (err?.driverError?.code ?? err?.code) === 'SQLITE_BUSY';
}
