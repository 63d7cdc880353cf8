import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Custom scalars of schema.graphql and the TypeScript type each arrives as in JSON. Without a
 * mapping, codegen types a scalar as `unknown`; a test fails when the schema gains a scalar that
 * is not listed here.
 */
export const scalars = {
  /** ISO 8601 calendar date, `2018-10-26` (graphql-scalars' LocalDate). */
  LocalDate: 'string',
  /** RFC 3339 date and time in UTC, `2026-12-07T15:04:05.123Z` (graphql-scalars' DateTime). */
  DateTime: 'string',
} as const;

/**
 * Typed documents for partner clients, generated from the committed schema and the example
 * operations: no server, no network. `npm run codegen` writes them; `npm run typecheck:examples`
 * regenerates and type-checks the example client, which CI runs so a schema change that breaks
 * partners' operations fails the build. CODEGEN_SCHEMA=<a hub's /graphql URL> introspects a
 * running hub instead, which answers without federation's internals, so the same scalar mappings
 * hold (CI does this too).
 */
const clientPreset = {
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: {
    scalars,
    strictScalars: true,
    // Plain strings for documents: the client sends them with fetch, no GraphQL library needed.
    documentMode: 'string',
    enumsAsTypes: true,
    useTypeImports: true,
    avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
  },
} as const;

const config: CodegenConfig = {
  schema: process.env.CODEGEN_SCHEMA || 'schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'examples/client-ts/generated/': { ...clientPreset, documents: ['examples/operations/*.graphql'] },
    // The hub's own page (web/, docs/page.md): the operations it sends, typed the same way.
    'web/generated/': { ...clientPreset, documents: ['web/operations/*.graphql'] },
  },
};

export default config;
