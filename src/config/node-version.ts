import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// scripts/check-node.js says the same at install time, before anything is compiled, so it cannot
// import this file; test/config/node-version.test.ts holds both to the same sentences.

type Version = [number, number, number];

function parse(text: string): Version | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** One comparator of a range (`^22.15.0`, `>=24.0.0`, `~22.1`, `<25`); undefined when not understood. */
function satisfiesComparator(v: Version, comparator: string): boolean | undefined {
  const m = /^(\^|~|>=|<=|>|<|=)?\s*(v?\d+(?:\.\d+){0,2})$/.exec(comparator);
  const bound = m && parse(m[2]);
  if (!m || !bound) return undefined;
  const c = compare(v, bound);
  switch (m[1]) {
    case '^':
      return c >= 0 && (bound[0] > 0 ? v[0] === bound[0] : v[0] === 0 && v[1] === bound[1]);
    case '~':
      return c >= 0 && v[0] === bound[0] && v[1] === bound[1];
    case '>=':
      return c >= 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '<':
      return c < 0;
    default:
      return c === 0;
  }
}

/** Whether `version` is in the npm range (alternatives joined by `||`); undefined when the range is not understood. */
export function nodeVersionSatisfies(version: string, range: string): boolean | undefined {
  const v = parse(version);
  if (!v) return undefined;
  let understood = true;
  const anyAlternative = range.split('||').some((alternative) => {
    const results = alternative.trim().split(/\s+/).map((c) => satisfiesComparator(v, c));
    if (results.some((r) => r === undefined)) understood = false;
    return results.every((r) => r === true);
  });
  return anyAlternative ? true : understood ? false : undefined;
}

/**
 * The one sentence for a Node.js outside package.json's engines (undefined inside it, or when the
 * range is not understood: a wrong warning would be worse than none). The hub is not stopped: it
 * runs on older lines, but nothing there is tested.
 */
export function nodeVersionWarning(version: string, range: string): string | undefined {
  if (nodeVersionSatisfies(version, range) !== false) return undefined;
  return (
    `DTM Hub supports Node.js ${range} (engines in package.json) and this is Node.js ${version.replace(/^v?/, 'v')}: ` +
    'it goes on and will likely run, but it is untested on this version.'
  );
}

/** engines.node of the package.json above this file (src/ or dist/src/), or undefined. */
function enginesRange(): string | undefined {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { engines?: { node?: string } }).engines?.node;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The sentence for this Node.js against package.json's engines, or undefined when it is inside them. */
export function unsupportedNodeWarning(version = process.version): string | undefined {
  const range = enginesRange();
  return range === undefined ? undefined : nodeVersionWarning(version, range);
}

/**
 * Hands the sentence to `warn` (the hub's logger, so that it comes in the log format chosen) when
 * this Node.js is outside the engines range; the hub starts anyway.
 */
export function warnOnUnsupportedNode(warn: (sentence: string) => void): void {
  const warning = unsupportedNodeWarning();
  if (warning) warn(warning);
}
