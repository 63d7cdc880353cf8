import { OPERATIONS_DIR, readExampleFiles } from '../common/example-files';

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
 * The example operations the explorer offers (common/example-files.ts): public operations first,
 * then the partner ones, each group by file name. A folder that is missing (an install without
 * the examples) gives none.
 */
export function readExampleOperations(dir = OPERATIONS_DIR): ExampleOperation[] {
  let files;
  try {
    files = readExampleFiles(dir);
  } catch {
    return [];
  }
  const operations = files.map(({ file, source, needsPartner }) => {
    const text = source.trim();
    return {
      file,
      name: /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(text)?.[1] ?? file.replace(/\.graphql$/, ''),
      text,
      needsPartner,
    };
  });
  return [...operations.filter((o) => !o.needsPartner), ...operations.filter((o) => o.needsPartner)];
}
