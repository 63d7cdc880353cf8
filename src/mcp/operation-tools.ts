import type { ApolloServer } from '@apollo/server';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { GraphQLSchema } from 'graphql';
import { z } from 'zod';
import type { Context } from '../modules/context';
import { operationInputShape } from './input-schema';
import type { CuratedOperation } from './operation-files';
import { READ_ONLY, registerTool } from './register';
import { CallerContext, runOperation, toolAnswer, toolError } from './run-operation';

/** A curated operation as a tool: its input schema, made once, and its bilingual description. */
export interface OperationTool {
  operation: CuratedOperation;
  inputSchema: z.ZodTypeAny;
  description: string;
}

export function operationTools(schema: GraphQLSchema, operations: readonly CuratedOperation[]): OperationTool[] {
  return operations.map((operation) => ({
    operation,
    inputSchema: z.object(operationInputShape(schema, operation.definition)),
    description: `${operation.description.en}\n\nES: ${operation.description.es}\n\nRuns the GraphQL operation ${operation.definition.name!.value} (examples/operations/${operation.file}); answers its data as JSON.`,
  }));
}

/** Registers each curated operation as a tool that runs it with the caller's context. */
export function registerOperationTools(server: McpServer, tools: readonly OperationTool[], apollo: ApolloServer<Context>, contextFor: CallerContext): void {
  for (const { operation, inputSchema, description } of tools) {
    const title = operation.definition.name!.value;
    registerTool(
      server,
      operation.tool,
      { title, description, inputSchema, annotations: { title, ...READ_ONLY } },
      async (args) => {
        const answer = await runOperation(apollo, contextFor, {
          query: operation.source,
          operationName: title,
          variables: args,
        });
        if (answer.errors?.length || !answer.data) return toolError(answer.errors ?? 'The operation answered no data.');
        return toolAnswer(answer.data);
      },
    );
  }
}
