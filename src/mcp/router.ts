import type { ApolloServer } from '@apollo/server';
import express from 'express';
import { GraphQLError, GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { languageOf } from '../common/language';
import type { Context } from '../modules/context';
import type { Lang } from '../questionnaire/text';
import type { CallerContext } from './run-operation';
import { loadMcpSdk, mcpCatalogue, mcpServer } from './server';

/** A JSON-RPC error answer (the MCP transport's own shape), for what is refused before the MCP server sees it. */
function sendJsonRpcError(res: express.Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/**
 * POST /mcp: the Model Context Protocol over Streamable HTTP, stateless. Each request gets an MCP
 * server and transport of its own, closed with the response: nothing is kept between requests,
 * so memory does not grow with clients, any instance behind a load balancer can answer, and
 * every tool call runs with the context of the HTTP request that carries it (its partner key,
 * its client's rate limits), exactly as a /graphql request would.
 */
export function mcpRouter(deps: {
  apollo: ApolloServer<Context>;
  schema: GraphQLSchema;
  /** Whether the schema resource is offered (INTROSPECTION). */
  introspection: boolean;
  /** The request's context in a language, charged to its client (as /graphql makes it). */
  contextFor: (req: express.Request, lang?: Lang) => Promise<Context>;
  logger?: Logger;
}): express.Router {
  const catalogue = mcpCatalogue(deps.schema, { introspection: deps.introspection });
  const router = express.Router();
  router.post('/', async (req, res) => {
    // Before any context is made, so that no read session waits on the loading.
    const sdk = await loadMcpSdk();
    let first: Context | undefined;
    try {
      // A wrong or revoked key is refused at once, as /graphql refuses it, never served as public.
      first = await deps.contextFor(req, languageOf(req));
    } catch (err) {
      if (!(err instanceof GraphQLError)) throw err;
      sendJsonRpcError(res, err.extensions.code === 'UNAUTHENTICATED' ? 401 : 400, -32001, `${String(err.extensions.code)}: ${err.message}`);
      return;
    }
    // The first operation uses the context made above; any other gets one of its own.
    const contextFor: CallerContext = async (lang) => {
      const made = first && (lang === undefined || lang === first.lang) ? first : await deps.contextFor(req, lang ?? languageOf(req));
      if (made === first) first = undefined;
      return made;
    };
    const server = mcpServer(sdk, catalogue, deps.apollo, contextFor);
    const transport = new sdk.StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void first?.db.release();
      void transport.close();
      void server.close();
    });
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (err) {
      deps.logger?.error({ err }, 'unexpected error while serving an MCP request');
      if (!res.headersSent) sendJsonRpcError(res, 500, -32603, 'Internal server error');
    }
  });
  // Stateless: no server-sent event stream to open (GET) and no session to end (DELETE).
  router.all('/', (_req, res) => {
    res.setHeader('Allow', 'POST');
    sendJsonRpcError(res, 405, -32000, 'Method not allowed: this MCP endpoint is stateless; POST each JSON-RPC message to /mcp.');
  });
  return router;
}
