import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GraphQLSchema } from 'graphql';
import { answerPromptText } from '../../src/mcp/prompt';
import { readCuratedOperations } from '../../src/mcp/operation-files';
import { mcpCatalogue } from '../../src/mcp/server';
import { buildHubSchema } from '../../src/schema/build-schema';

const ROUNDS = 'query Coverage($country: String = "PER") {\n  rounds(country: $country) {\n    number\n  }\n}\n';

describe('MCP: operation files marked `# mcp:`', () => {
  let schema: GraphQLSchema;
  let dir: string;
  beforeAll(async () => {
    schema = await buildHubSchema();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mcp-ops-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (file: string, text: string) => writeFileSync(path.join(dir, file), text);

  it('makes a newly marked file a tool with its English and Spanish description, and the prompt names coverage first', () => {
    write('coverage.graphql', `# What data exists.\n# es: Qué datos existen.\n# mcp: coverage\n${ROUNDS}`);
    write('unmarked.graphql', `# Not a tool.\n${ROUNDS.replace('Coverage', 'Unmarked')}`);
    const [op, ...rest] = readCuratedOperations(schema, dir);
    expect(rest).toEqual([]);
    expect([op.tool, op.description]).toEqual(['coverage', { en: 'What data exists.', es: 'Qué datos existen.' }]);
    const catalogue = mcpCatalogue(schema, { introspection: true, operationsDir: dir });
    expect(catalogue.toolNames).toEqual(['coverage', 'stats']);
    expect(answerPromptText(catalogue.toolNames)).toContain('First call `coverage`');
  });

  it.each([
    ['a `# needs: partner` file', '# Rows.\n# es: Filas.\n# needs: partner\n# mcp: rows\n', /needs: partner.*cannot be an MCP tool/],
    ['a file without a Spanish description', '# Rows.\n# mcp: rows\n', /description in English .* and in Spanish/],
    ['a tool name with capitals', '# Rows.\n# es: Filas.\n# mcp: Rows\n', /tool name "Rows" must be lower-case/],
    ['the name of the stats tool', '# Rows.\n# es: Filas.\n# mcp: stats\n', /tool name "stats" is already taken/],
  ])('refuses %s at start, naming the file', (_what, marks, message) => {
    write('bad.graphql', `${marks}${ROUNDS}`);
    expect(() => readCuratedOperations(schema, dir, ['stats'])).toThrow(new RegExp(`examples/operations/bad.graphql: .*${message.source}`));
  });

  it('refuses an operation the schema does not validate', () => {
    write('bad.graphql', '# Rows.\n# es: Filas.\n# mcp: rows\nquery Bad { rounds { noSuchField } }\n');
    expect(() => readCuratedOperations(schema, dir)).toThrow(/bad.graphql: Cannot query field "noSuchField"/);
  });
});
