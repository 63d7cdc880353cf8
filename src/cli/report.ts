import { ImportResult } from '../import/import-round';

/**
 * The operator's report of an import, as text. Violations carry the offending values: that is
 * their purpose. `waitSeconds` is the --wait the import was given.
 */
export function formatImportReport(result: ImportResult, bundle: string, dryRun: boolean, waitSeconds?: number): { out: string; err: string } {
  const err = result.warnings.map((w) => `warning: ${w}\n`).join('');
  if (result.ok) {
    const { respondents, households, children } = result.counts;
    const counts = `${respondents} respondents, ${households} households, ${children} children`;
    const out = dryRun
      ? `Dry run: ${bundle} is valid (round ${result.roundId}: ${counts}). Nothing was written.\n`
      : `Imported round ${result.roundId}: ${counts}.\n`;
    return { out, err };
  }
  if (result.refused) {
    const longer = waitSeconds === undefined ? '' : ` (or wait longer than ${waitSeconds} s with --wait)`;
    return { out: `${bundle} was not imported: ${result.refused}${longer}.\n`, err };
  }
  const shown = result.violations.length;
  const head =
    shown < result.totalViolations
      ? `${bundle} was not imported: ${result.totalViolations} violations (the first ${shown} are listed).`
      : `${bundle} was not imported: ${result.totalViolations} violation${result.totalViolations === 1 ? '' : 's'}.`;
  const lines = result.violations.map((v) => `  - ${v.message}`);
  return { out: `${head}\n${lines.join('\n')}\nNothing was written.\n`, err };
}
