import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../common/project-root';

/** The example operations of the repository, which the explorer offers (and a test runs against the seeds). */
export const OPERATIONS_DIR = path.join(projectRoot(), 'examples', 'operations');

export interface ExampleOperation {
  /** The file name, e.g. `rounds.graphql`. */
  file: string;
  /** The name of the operation it holds, e.g. `Rounds`. */
  name: string;
  /** The whole file, its leading comment included (it says what the operation answers). */
  text: string;
  /** Marked `# needs: partner`: it reads row-level data, so it needs a partner key. */
  needsPartner: boolean;
}

/**
 * Reads `examples/operations/*.graphql`: public operations first, then the partner ones, each
 * group by file name. A folder that is missing (an install without the examples) gives none.
 */
export function readExampleOperations(dir = OPERATIONS_DIR): ExampleOperation[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
  } catch {
    return [];
  }
  const operations = files.sort().map((file) => {
    const text = readFileSync(path.join(dir, file), 'utf8').trim();
    const lines = text.split('\n');
    const comments = lines.slice(0, lines.findIndex((l) => !l.startsWith('#')));
    return {
      file,
      name: /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(text)?.[1] ?? file.replace(/\.graphql$/, ''),
      text,
      needsPartner: comments.some((l) => /^#\s*needs:\s*partner\s*$/.test(l)),
    };
  });
  return [...operations.filter((o) => !o.needsPartner), ...operations.filter((o) => o.needsPartner)];
}
