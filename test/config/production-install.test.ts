import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/common/project-root';

/*
 * `npm ci --omit=dev` installs the packages package-lock.json does not mark `dev` (or
 * `devOptional`), and its prepare step compiles tsconfig.production.json (scripts/build.js). That
 * build must find everything it reads among them: TypeScript itself, and every file of
 * node_modules the compiler reads for the hub's sources. The lock, not package.json, is the
 * outside source here: it is what npm installs. scripts/production-install-check.sh runs the real
 * install in a fresh clone (about 6 minutes, so not on every run).
 */
const root = projectRoot();
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
};

/** `node_modules/@scope/name` or `node_modules/name` (nested ones too) of a file path, or null. */
function packageOf(file: string): string | null {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const m = /^((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)+)/.exec(rel);
  return m ? m[1].replace(/\/$/, '') : null;
}

const omittedByOmitDev = (pkg: string) => {
  const entry = lock.packages[pkg];
  return entry === undefined || entry.dev === true || entry.devOptional === true;
};

describe('Production install: npm ci --omit=dev can build and run the hub', () => {
  it('keeps TypeScript, which the prepare step compiles with, out of the dev dependencies', () => {
    expect(omittedByOmitDev('node_modules/typescript')).toBe(false);
  });

  it('finds every file the production build reads in a package installed without dev dependencies', () => {
    const tsc = require.resolve('typescript/bin/tsc');
    const files = execFileSync(process.execPath, [tsc, '-p', 'tsconfig.production.json', '--listFilesOnly'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    const packages = [...new Set(files.map(packageOf).filter((p): p is string => p !== null))];
    // The build reads the project's own sources and at least the type packages of express and node.
    expect(files.some((f) => f.endsWith('src/main.ts'))).toBe(true);
    expect(packages).toEqual(expect.arrayContaining(['node_modules/@types/node', 'node_modules/@types/express']));
    expect(packages.filter(omittedByOmitDev)).toEqual([]);
  });

  it('would catch a type package left among the dev dependencies', () => {
    // What the build reads of a dev-only package (jest's types, read by the test build) is flagged.
    const file = path.join(root, 'node_modules', '@types', 'jest', 'index.d.ts');
    expect(packageOf(file)).toBe('node_modules/@types/jest');
    expect(omittedByOmitDev('node_modules/@types/jest')).toBe(true);
  });
});
