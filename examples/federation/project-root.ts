import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository's root (the folder holding package.json), found from this file: the examples run
 * from their sources (tests) and compiled under dist/ (npm scripts), at different depths.
 */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}
