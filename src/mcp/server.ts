import type { ApolloServer } from '@apollo/server';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GraphQLSchema } from 'graphql';
import { packageVersion } from '../common/package-version';
import type { Context } from '../modules/context';
import { readCuratedOperations } from './operation-files';
import { OperationTool, operationTools, registerOperationTools } from './operation-tools';
import { registerAnswerPrompt } from './prompt';
import { McpResource, mcpResources, registerResources } from './resources';
import type { CallerContext } from './run-operation';
import { registerStatsTool, STATS_TOOL, statsToolDefinition } from './stats-tool';

/** What every /mcp request serves, made once at start: the tools' schemas, the resources. */
export interface McpCatalogue {
  operations: OperationTool[];
  stats: ReturnType<typeof statsToolDefinition>;
  resources: McpResource[];
  toolNames: string[];
  version: string;
}

export function mcpCatalogue(schema: GraphQLSchema, options: { introspection: boolean; operationsDir?: string }): McpCatalogue {
  const operations = operationTools(schema, readCuratedOperations(schema, options.operationsDir, [STATS_TOOL]));
  return {
    operations,
    stats: statsToolDefinition(schema),
    resources: mcpResources(schema, options),
    toolNames: [...operations.map((o) => o.operation.tool), STATS_TOOL],
    version: packageVersion(),
  };
}

/**
 * The SDK's server and transport, loaded at the first /mcp request rather than when the hub starts
 * (then from the module cache): a hub, and every test file that starts one, need not load the SDK.
 */
export async function loadMcpSdk() {
  const [{ McpServer }, { StreamableHTTPServerTransport }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/mcp.js'),
    import('@modelcontextprotocol/sdk/server/streamableHttp.js'),
  ]);
  return { McpServer, StreamableHTTPServerTransport };
}

export type McpSdk = Awaited<ReturnType<typeof loadMcpSdk>>;

/** An MCP server for one request: the catalogue's tools, run with that request's caller. */
export function mcpServer(sdk: McpSdk, catalogue: McpCatalogue, apollo: ApolloServer<Context>, contextFor: CallerContext): McpServer {
  const server = new sdk.McpServer(
    { name: 'dtm-hub', title: 'DTM Hub', version: catalogue.version },
    {
      instructions:
        'Read-only figures of IOM DTM flow monitoring of Venezuelan refugees and migrants. Use the answer-with-dtm-data prompt: ' +
        'check what data exists before answering, report the caveats with the numbers, never invent or add up totals.',
    },
  );
  registerOperationTools(server, catalogue.operations, apollo, contextFor);
  registerStatsTool(server, catalogue.stats, apollo, contextFor);
  registerResources(server, catalogue.resources);
  registerAnswerPrompt(server, catalogue.toolNames);
  return server;
}
