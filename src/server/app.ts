import http from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { Config } from '../config/config';
import { statsCsvRouter } from '../export/stats-csv';
import { corsFor, rateLimiter } from '../security/http-guards';
import { queryLimitsPlugin } from '../security/query-limits';
import { roleResolver } from '../security/partner-keys';
import { Context, createLoaders } from './context';
import { errorFormatter } from './format-error';
import { requestLogPlugin } from './request-log';

export interface Hub {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  /** Builds the per-request context exactly as HTTP requests get it (tests use it too). */
  contextFor(authorization?: string): Promise<Context>;
}

/** Wires the HTTP app: /graphql (Apollo), /health (alive) and /ready (database reachable). */
export async function createHub(config: Config, ds: DataSource, schema: GraphQLSchema, logger: Logger): Promise<Hub> {
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy, the client address (for rate limits) comes from X-Forwarded-For.
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  const httpServer = http.createServer(app);
  const resolveRole = roleResolver(config.PARTNER_KEYS);
  const contextFor = async (authorization?: string): Promise<Context> => {
    const access = { role: resolveRole(authorization), disclosureMinCell: config.DISCLOSURE_MIN_CELL };
    return { ...access, dataSource: ds, loaders: createLoaders(ds, access) };
  };

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: errorFormatter(schema, logger),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // A public endpoint sends no resolver traces to whoever asks for them (federated tracing).
      ApolloServerPluginInlineTraceDisabled(),
      queryLimitsPlugin(schema, { maxDepth: config.MAX_QUERY_DEPTH, maxComplexity: config.MAX_QUERY_COMPLEXITY }),
      requestLogPlugin(logger),
      config.NODE_ENV === 'production'
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    ],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    try {
      await ds.query('SELECT 1');
      res.json({ status: 'ready', database: ds.options.type });
    } catch {
      res.status(503).json({ status: 'unavailable', database: ds.options.type });
    }
  });
  const guards = [corsFor(config.CORS_ORIGINS), rateLimiter(config.RATE_LIMIT_PER_MINUTE)];
  app.use(
    '/graphql',
    ...guards,
    express.json({ limit: '256kb' }),
    expressMiddleware(apollo, { context: async ({ req }) => contextFor(req.headers.authorization) }),
  );
  app.use('/export', ...guards, statsCsvRouter({ apollo, contextFor, logger }));
  return { app, httpServer, apollo, contextFor };
}
