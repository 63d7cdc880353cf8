import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GeneratedCounts, GeneratorOptions, writeGeneratedBundle } from '../../src/provisioning/bundle-generator';
import { withLockFile } from './lock-file';
import { codeHash, pruneOtherSources, sqliteTemplateDir } from './template-store';

/**
 * Large synthetic bundles (tens of thousands of respondents) took seconds to write, and the files
 * that need one wrote the same bundle on every run. The generator is deterministic for its options,
 * so a bundle is written once per source hash (codeHash: the generator lives in src/) and reused;
 * bundles of other sources are removed when a new one is written. Read-only: a test that edits
 * one copies it first.
 */
export interface CachedBundle {
  dir: string;
  counts: GeneratedCounts;
}

function bundleDir(): string {
  return `${sqliteTemplateDir()}-bundles`;
}

export async function generatedBundle(opts: GeneratorOptions): Promise<CachedBundle> {
  const dir = bundleDir();
  mkdirSync(dir, { recursive: true });
  const name = `${codeHash()}-${opts.country ?? 'default'}-${opts.number ?? 'default'}-${opts.seed ?? 'default'}-${opts.respondents}`;
  const bundle = path.join(dir, name);
  const countsFile = `${bundle}.counts.json`;
  if (!existsSync(countsFile)) {
    // Workers that need the same bundle wait for the one writing it.
    await withLockFile(path.join(dir, `${name}.lock`), async () => {
      if (existsSync(countsFile)) return;
      pruneOtherSources(dir);
      const building = `${bundle}.${process.pid}.building`;
      rmSync(building, { recursive: true, force: true });
      const counts = await writeGeneratedBundle(building, opts);
      rmSync(bundle, { recursive: true, force: true });
      renameSync(building, bundle);
      // Written last: a bundle with its counts is a whole one.
      writeFileSync(countsFile, JSON.stringify(counts));
    });
  }
  return { dir: bundle, counts: JSON.parse(readFileSync(countsFile, 'utf8')) as GeneratedCounts };
}
