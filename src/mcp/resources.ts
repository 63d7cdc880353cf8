import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { GraphQLSchema, isEnumType, lexicographicSortSchema, printSchema } from 'graphql';
import { introspectionSchemaOf } from '../common/introspection-schema';
import { projectRoot } from '../common/project-root';

export interface McpResource {
  name: string;
  uri: string;
  title: string;
  description: string;
  mimeType: string;
  text: string;
}

/** The data kinds, from the schema's `DataKind` enum: the one place each is described. */
function dataKinds(schema: GraphQLSchema): string {
  const type = schema.getType('DataKind');
  if (!isEnumType(type)) throw new Error('the schema has no enum DataKind');
  return [
    '# Data kinds',
    '',
    'Every round says where its rows come from (`Round.dataKind`) and carries a caveat (`Round.caveat`) to report with any figure computed from it.',
    'The tools that list rounds answer both, and `stats` repeats the caveats of the rounds it counted.',
    '',
    ...type.getValues().map((v) => `- \`${v.name}\`: ${v.description ?? ''}`),
    '',
    'Published figures (`publishedFigures`) and flow statistics (`flowStatistics`) are not computed from rows: they are the figures IOM and the',
    'national migration authorities published, each with its source, and they hold whatever the data kind of the round.',
    '',
  ].join('\n');
}

/**
 * What a model can read before it asks: the schema (as introspection shows it, without
 * federation's internals; only when introspection is on), the documentation of the stats
 * queries and their disclosure control, and the data kinds. Made once at start.
 */
export function mcpResources(schema: GraphQLSchema, options: { introspection: boolean }): McpResource[] {
  const resources: McpResource[] = [];
  if (options.introspection) {
    resources.push({
      name: 'schema',
      uri: 'dtm-hub://schema.graphql',
      title: 'GraphQL schema (SDL)',
      description: 'Every type, field, argument and enum value of the API, each described; partner-only fields say so.',
      mimeType: 'text/plain',
      text: printSchema(lexicographicSortSchema(introspectionSchemaOf(schema))),
    });
  }
  const aggregation = path.join(projectRoot(), 'docs', 'aggregation.md');
  if (existsSync(aggregation)) {
    resources.push({
      name: 'disclosure-control',
      uri: 'dtm-hub://docs/aggregation.md',
      title: 'Stats and disclosure control',
      description: 'How the stats queries count (dimensions, measures, bases, intervals) and the disclosure control public answers go through.',
      mimeType: 'text/markdown',
      text: readFileSync(aggregation, 'utf8'),
    });
  }
  resources.push({
    name: 'data-kinds',
    uri: 'dtm-hub://docs/data-kinds.md',
    title: 'Data kinds',
    description: 'Survey rows or synthetic rows calibrated to published aggregates: what each round holds and what it may be used for.',
    mimeType: 'text/markdown',
    text: dataKinds(schema),
  });
  return resources;
}

export function registerResources(server: McpServer, resources: readonly McpResource[]): void {
  for (const r of resources) {
    server.registerResource(r.name, r.uri, { title: r.title, description: r.description, mimeType: r.mimeType }, async () => ({
      contents: [{ uri: r.uri, mimeType: r.mimeType, text: r.text }],
    }));
  }
}
