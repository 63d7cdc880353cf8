import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, GetPromptResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';

export interface ToolDefinition {
  title: string;
  description: string;
  /** An object schema, made once at start (a raw shape would be wrapped again on every request's server). */
  inputSchema: z.ZodTypeAny;
  annotations: ToolAnnotations;
}

/** Every tool of this server only reads, and asks nothing outside the hub. */
export const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

type Register = (name: string, definition: ToolDefinition, run: (args: Record<string, unknown>) => Promise<CallToolResult>) => unknown;

/**
 * `server.registerTool` without its generic inference of the arguments' type: with zod 3 under
 * this project's CommonJS module resolution, that inference makes tsc run for minutes and fail
 * with TS2589 (type instantiation excessively deep). The schemas are built at run time from
 * GraphQL types anyway, so the handler gets the arguments as a record; the SDK still validates
 * them with the zod schema before the handler runs.
 */
export function registerTool(server: McpServer, name: string, definition: ToolDefinition, run: Parameters<Register>[2]): void {
  (server.registerTool.bind(server) as unknown as Register)(name, definition, run);
}

export interface PromptDefinition {
  title: string;
  description: string;
  argsSchema: Record<string, z.ZodTypeAny>;
}

type RegisterPrompt = (name: string, definition: PromptDefinition, get: (args: Record<string, string | undefined>) => GetPromptResult) => unknown;

/** `server.registerPrompt`, for the same reason as `registerTool`. */
export function registerPrompt(server: McpServer, name: string, definition: PromptDefinition, get: Parameters<RegisterPrompt>[2]): void {
  (server.registerPrompt.bind(server) as unknown as RegisterPrompt)(name, definition, get);
}
