import type { ApolloServer } from '@apollo/server';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { GraphQLError } from 'graphql';
import type { Context } from '../modules/context';
import { boundMessage } from '../common/quote';
import type { Lang } from '../questionnaire/text';

/** The caller of one /mcp request: its context for each operation a tool runs (charged to its client). */
export type CallerContext = (lang?: Lang) => Promise<Context>;

export interface OperationAnswer {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * Runs an operation through the hub's own Apollo server with a context made as /graphql makes
 * it, charged to the caller's client: the same validation, access rules, cost model, rate limits,
 * response cache and disclosure control as the same operation sent over HTTP.
 */
export async function runOperation(
  apollo: ApolloServer<Context>,
  contextFor: CallerContext,
  request: { query: string; operationName?: string; variables?: Record<string, unknown> },
  lang?: Lang,
): Promise<OperationAnswer> {
  let contextValue: Context;
  try {
    contextValue = await contextFor(lang);
  } catch (err) {
    if (err instanceof GraphQLError) return { errors: [{ message: err.message, extensions: err.extensions }] };
    throw err;
  }
  // The read session's plugin ends the snapshot; releasing again here also covers a throw.
  const response = await apollo.executeOperation(request, { contextValue }).finally(() => contextValue.db.release());
  if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
  // Through JSON, as an HTTP client would see it (enums as names, no prototypes).
  return JSON.parse(JSON.stringify(response.body.singleResult)) as OperationAnswer;
}

/** A refusal as a tool result: each error's code and message, so the model (and its user) learns why. */
export function toolError(errors: OperationAnswer['errors'] | string): CallToolResult {
  const text =
    typeof errors === 'string'
      ? errors
      : (errors ?? []).map((e) => `${String(e.extensions?.code ?? 'ERROR')}: ${e.message}`).join('\n');
  return { isError: true, content: [{ type: 'text', text: boundMessage(text) }] };
}

/** An answer as a tool result: the JSON text for the model, and the same object as structured content. */
export function toolAnswer(value: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value };
}
