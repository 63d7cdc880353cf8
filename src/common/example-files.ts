import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './project-root';

/** The repository's named example operations, which partners copy, the explorer offers and MCP serves as tools. */
export const OPERATIONS_DIR = path.join(projectRoot(), 'examples', 'operations');

/** One `*.graphql` file of the folder, with its leading comment lines (what it answers, and its marks). */
export interface ExampleFile {
  /** The file name, e.g. `rounds.graphql`. */
  file: string;
  /** The whole file as it is on disk, comments included. */
  source: string;
  /** The comment lines before the first other line, `#` included. */
  leading: string[];
  /** Marked `# needs: partner`: it reads row-level data, so it needs a partner key. */
  needsPartner: boolean;
}

/** The folder's `*.graphql` files, by file name; a missing folder throws, as readdirSync does. */
export function readExampleFiles(dir = OPERATIONS_DIR): ExampleFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const source = readFileSync(path.join(dir, file), 'utf8');
      const lines = source.split('\n');
      const leading = lines.slice(0, lines.findIndex((l) => !l.startsWith('#')));
      return { file, source, leading, needsPartner: leading.some((l) => /^#\s*needs:\s*partner\s*$/.test(l)) };
    });
}
