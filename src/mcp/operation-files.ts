import { GraphQLSchema, Kind, OperationDefinitionNode, parse, validate } from 'graphql';
import { ExampleFile, OPERATIONS_DIR, readExampleFiles } from '../common/example-files';

/** A tool name a client can show and call: lower case, digits and underscores. */
const TOOL_NAME = /^[a-z][a-z0-9_]{0,47}$/;

/** An operation file marked for MCP, with what its leading comment lines say. */
export interface CuratedOperation {
  file: string;
  tool: string;
  /** The description: the leading comment lines (English), and the `# es:` lines (Spanish). */
  description: { en: string; es: string };
  /** The whole file, sent to Apollo as it is (comments included). */
  source: string;
  definition: OperationDefinitionNode;
}

/**
 * What one file's leading comment lines say: `# mcp: <tool>` marks it, `# es: ...` lines give the
 * Spanish description; the others (but `# needs:`) are its English description.
 */
function readMarks({ leading }: ExampleFile) {
  const text = (l: string) => l.replace(/^#\s?/, '').trim();
  const tool = leading.map((l) => /^#\s*mcp:\s*(\S*)\s*$/.exec(l)?.[1]).find((t) => t !== undefined);
  const es = leading.filter((l) => /^#\s*es:/.test(l)).map((l) => l.replace(/^#\s*es:\s*/, '').trim());
  const en = leading.filter((l) => !/^#\s*(mcp|es|needs):/.test(l)).map(text);
  return { tool, en: en.join(' ').trim(), es: es.join(' ').trim() };
}

/**
 * The operations marked `# mcp: <tool>` in examples/operations, checked: a public operation (a
 * `# needs: partner` file is row-level data and never a tool), one named query per file, valid
 * against the schema, a unique tool name, a description in both languages. A mistake stops the
 * hub at start with the file and what is wrong, rather than serving a broken tool.
 */
export function readCuratedOperations(schema: GraphQLSchema, dir = OPERATIONS_DIR, reserved: readonly string[] = []): CuratedOperation[] {
  const found: CuratedOperation[] = [];
  for (const example of readExampleFiles(dir)) {
    const { file, source, needsPartner } = example;
    const marks = readMarks(example);
    if (marks.tool === undefined) continue;
    const problem = (what: string) => new Error(`examples/operations/${file}: ${what}`);
    if (!TOOL_NAME.test(marks.tool)) throw problem(`the tool name "${marks.tool}" must be lower-case letters, digits and underscores (at most 48).`);
    if (needsPartner) throw problem('an operation marked `# needs: partner` reads row-level data and cannot be an MCP tool; remove one of the two marks.');
    if (!marks.en || !marks.es) throw problem('an MCP tool needs a description in English (comment lines) and in Spanish (`# es:` lines).');
    const taken = [...reserved, ...found.map((f) => f.tool)];
    if (taken.includes(marks.tool)) throw problem(`the tool name "${marks.tool}" is already taken.`);
    const document = parse(source);
    const [definition] = document.definitions;
    if (document.definitions.length !== 1 || definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== 'query' || !definition.name) {
      throw problem('an MCP tool is one named query.');
    }
    const errors = validate(schema, document);
    if (errors.length > 0) throw problem(errors.map((e) => e.message).join(' '));
    found.push({ file, tool: marks.tool, description: { en: marks.en, es: marks.es }, source, definition });
  }
  return found;
}
