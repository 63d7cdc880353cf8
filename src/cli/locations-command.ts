import { Command } from 'commander';
import { loadConfig } from '../config/config';
import { openHubDatabase } from '../provisioning/hub-database';
import { GazetteerResult, loadGazetteer } from '../gazetteer/load-gazetteer';
import type { CliIo } from './cli-io';

/** Exit codes as for `import`: 0 loaded (or valid), 1 violations, 2 usage or runtime error. */
const LOCATIONS_EXIT = { ok: 0, violations: 1 } as const;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The operator's report of a gazetteer load, as text. */
export function formatGazetteerReport(result: GazetteerResult, file: string, dryRun: boolean): { out: string; err: string } {
  const err = result.warnings.map((w) => `warning: ${w}\n`).join('');
  if (result.ok) {
    const c = result.counts;
    const what =
      `${plural(c.admin1, 'admin-1 area')}, ${plural(c.admin2, 'admin-2 area')} ` +
      `(${c.added} added, ${c.removed} removed; ${plural(c.isoAliases, 'ISO 3166-2 code')} kept as aliases)`;
    const out = dryRun
      ? `Dry run: ${file} is valid (${result.country}: ${what}). Nothing was written.\n`
      : `Loaded the areas of ${result.country}: ${what}.\n`;
    return { out, err };
  }
  const shown = result.violations.length;
  const total = result.totalViolations;
  const head =
    shown < total
      ? `${file} was not loaded: ${total} violations (the first ${shown} are listed).`
      : `${file} was not loaded: ${plural(total, 'violation')}.`;
  return { out: `${head}\n${result.violations.map((v) => `  - ${v.message}`).join('\n')}\nNothing was written.\n`, err };
}

/** `dtm-hub locations import <file>`: a country's COD-AB table replaces its administrative areas. */
export function registerLocationsCommand(program: Command, io: CliIo, setCode: (code: number) => void): void {
  const locations = program.command('locations').description('Manage gazetteers: load a country\'s COD-AB table of administrative areas.');

  locations
    .command('import')
    .description('Check a COD-AB tabular CSV (as published on HDX) and, when it is valid, replace that country\'s areas with it.')
    .argument('<file>', 'a CSV with ADM0_PCODE, ADM1_PCODE and ADM1_<LANG> names (optionally ADM2_PCODE and ADM2_<LANG>)')
    .option('--dry-run', 'check everything, write nothing')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (file: string, opts: { dryRun?: boolean; json?: boolean }) => {
      const dataSource = await openHubDatabase(loadConfig(io.env));
      try {
        const result = await loadGazetteer(dataSource, file, { dryRun: opts.dryRun === true });
        if (opts.json) {
          io.stdout.write(`${JSON.stringify({ dryRun: opts.dryRun === true, ...result }, null, 2)}\n`);
        } else {
          const report = formatGazetteerReport(result, file, opts.dryRun === true);
          io.stderr.write(report.err);
          io.stdout.write(report.out);
        }
        setCode(result.ok ? LOCATIONS_EXIT.ok : LOCATIONS_EXIT.violations);
      } finally {
        await dataSource.destroy();
      }
    });
}
