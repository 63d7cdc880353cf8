import { Command } from 'commander';
import type { CliIo } from './cli-io';
import { announceTargetDatabase } from './target-database';

/** What each outcome of the reference step means to an operator. */
const SAID = {
  current: 'current (the shipped version is loaded)',
  loaded: 'loaded',
  kept: 'kept (the rows are a data manager\'s, not the shipped ones)',
} as const;

/**
 * `dtm-hub migrate`: what every start does before serving, on its own (for a deployment step, or
 * to see what the database holds): pending migrations, then the reference datasets whose shipped
 * version changed. Every other command does the same when it opens the database.
 */
export function registerMigrateCommand(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description('Bring the database up to date: pending migrations, then the shipped reference datasets whose version changed.')
    .option('--reload <dataset...>', 'load these datasets again, whatever version is recorded (names as this command lists them)')
    .option('--json', 'print the outcome per dataset as JSON on stdout')
    .action(async (opts: { reload?: string[]; json?: boolean }) => {
      const config = announceTargetDatabase(io);
      // Loaded here, not when the CLI starts, so that `dtm-hub --help` stays quick.
      const { openDatabase } = await import('../orm/data-source');
      const { provisionDatabase } = await import('../provisioning/hub-database');
      const ds = await openDatabase(config);
      try {
        const outcomes = await provisionDatabase(ds, { reload: opts.reload });
        if (opts.json) io.stdout.write(`${JSON.stringify(outcomes, null, 2)}\n`);
        else io.stdout.write(Object.entries(outcomes).map(([name, outcome]) => `${name}: ${SAID[outcome]}\n`).join(''));
      } finally {
        await ds.destroy();
      }
    });
}
