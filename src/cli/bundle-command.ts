import { readdirSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import type { CliIo } from './cli-io';

/** Most respondents one generated bundle may have (the import benchmark's largest is 1,000,000). */
const MAX_RESPONDENTS = 10_000_000;

const wholeNumber = (flag: string, min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`${flag} must be a whole number from ${min} to ${max}.`);
  return n;
};

const iso3 = (value: string) => {
  if (!/^[A-Za-z]{3}$/.test(value)) throw new InvalidArgumentError('--country must be an ISO3 code such as PER.');
  return value.toUpperCase();
};

function isMissingOrEmpty(folder: string): boolean {
  try {
    return readdirSync(folder).length === 0;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
}

/**
 * `dtm-hub bundle generate`: a valid round bundle of synthetic rows, of any size, to try an
 * installation, an import or a load test without real data. Opens no database.
 */
export function registerBundleCommand(program: Command, io: CliIo, setCode: (code: number) => void): void {
  const bundle = program.command('bundle').description('Round bundles for trials: generate one of synthetic rows.');

  bundle
    .command('generate')
    .description('Write a valid round bundle (round.json + CSV files) of synthetic respondents, the same for the same --seed. Not IOM data.')
    .requiredOption('--respondents <n>', 'respondents to generate (each with a household and 0 to 8 children)', wholeNumber('--respondents', 1, MAX_RESPONDENTS))
    .requiredOption('--out <folder>', 'a new or empty folder to write the bundle to')
    .option('--country <iso3>', 'country of the round (the survey points stay the generator\'s four places in Peru)', iso3, 'PER')
    .option('--round <number>', 'round number', wholeNumber('--round', 1, 1_000_000), 99)
    .option('--seed <number>', 'seed of the random rows', wholeNumber('--seed', 0, 2 ** 32 - 1), 1)
    .action(async (opts: { respondents: number; out: string; country: string; round: number; seed: number }) => {
      if (!isMissingOrEmpty(opts.out)) {
        io.stderr.write(`error: ${opts.out} is not empty; --out must be a new or empty folder, so that no file is overwritten.\n`);
        setCode(2);
        return;
      }
      const { writeGeneratedBundle } = await import('../provisioning/bundle-generator');
      const counts = await writeGeneratedBundle(opts.out, { respondents: opts.respondents, country: opts.country, number: opts.round, seed: opts.seed });
      io.stdout.write(
        `Wrote round ${opts.country}-${opts.round} to ${opts.out}: ${counts.respondents} respondents, ${counts.households} households, ${counts.children} children (synthetic rows, not IOM data).\n`,
      );
      setCode(0);
    });
}
