import http from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { Config } from '../config/config';
import { disclosureSettings } from '../config/disclosure-settings';
import { statsCsvRouter } from '../export/stats-csv';
import { codebookRouter } from './codebook-route';
import { hubPage } from './web-page';
import { clientKey, corsFor, requestRateLimiter } from '../security/http-guards';
import { MAX_QUERY_TOKENS, queryLimitsPlugin } from '../security/query-limits';
import { RateLimits } from '../security/rate-limits';
import { ListSizeWatch } from '../security/list-sizes';
import { roleResolver } from '../security/partner-keys';
import { ReadSessions } from '../db/read-session';
import { languageOf } from '../common/language';
import type { Lang } from '../questionnaire/text';
import type { Context } from '../modules/context';
import { requestContext } from './context';
import { errorFormatter } from './format-error';
import { errorHandler, jsonBody, notFound, rejectMalformedQueryString, rejectUnacceptable } from './http-errors';
import { operationGuardPlugin } from '../security/operation-guard';
import { responseStatusPlugin } from './response-status';
import { textGuardPlugin } from '../security/text-guard';
import { endSnapshotOnClose, readSessionPlugin } from './read-session-plugin';
import { rejectRepeatedFields } from '../security/repeated-fields';
import { requestLogPlugin } from './request-log';
import { introspectionPlugin } from './introspection-plugin';
import { compiledPagesPlugin } from './compiled-pages-plugin';
import { documentStore, persistedQueryStore } from './bounded-stores';
import { stringifyResult } from './cached-answers';
import { apolloLandingPage, explorer } from './explorer';
import { cachedAnswers, DataVersionWatch, openResponseCacheStore, responseCachePlugins, varyOnCaller } from './response-cache';

export interface Hub {
  app: express.Express;
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  /** The executable schema the hub serves. */
  schema: GraphQLSchema;
  /** Builds the per-request context exactly as HTTP requests get it (tests use it too). */
  contextFor(authorization?: string, lang?: Lang): Promise<Context>;
}

/** Wires the HTTP app: /graphql (Apollo), /health (alive) and /ready (database reachable). */
export async function createHub(config: Config, ds: DataSource, schema: GraphQLSchema, logger: Logger): Promise<Hub> {
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy, the client address (for rate limits) comes from X-Forwarded-For.
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  const httpServer = http.createServer(app);
  // PARTNER_KEYS plus the keys managed with `dtm-hub keys`, looked up per keyed request.
  const resolveRole = roleResolver(config.PARTNER_KEYS, ds, {
    onTouchError: (e) => logger.warn({ err: e instanceof Error ? e.message : String(e) }, 'could not record the last use of a partner key'),
  });
  // Each request reads one snapshot on a connection of its own, within the time budget and the heavy-work gate.
  const readSessions = await ReadSessions.open(ds, config);
  const disclosure = disclosureSettings(config);
  const contextFor = async (authorization?: string, lang: Lang = 'en'): Promise<Context> => {
    const access = { role: await resolveRole(authorization), disclosure, lang };
    return requestContext(ds, readSessions.session(), access);
  };

  // Per-client request and cost budgets, in Redis when REDIS_URL is set (shared by every instance).
  const rateLimits = await RateLimits.open(config, logger);
  // Answers of public stats, reference and figure queries, keyed on the data version (see docs/caching.md).
  const responseCache = await openResponseCacheStore(config, logger);
  const dataVersions = new DataVersionWatch(ds);
  // Looked up once per request: by the cost limiter (a hit is charged less) and to serve the hit.
  const answers = cachedAnswers(config, responseCache, dataVersions);
  // Rows each list can return, which the cost model prices lists by: read now and after each data change.
  const listSizes = await ListSizeWatch.open(ds, dataVersions);
  const apollo = new ApolloServer<Context>({
    schema,
    // Documents over this many tokens are refused while parsing, before validation works on them.
    parseOptions: { maxTokens: MAX_QUERY_TOKENS },
    // On by default, production included: partners generate clients and browse the schema in Sandbox.
    introspection: config.INTROSPECTION,
    includeStacktraceInErrorResponses: false,
    formatError: errorFormatter(schema, logger),
    // An answer served from the cache goes out as the text the cache holds (cached-answers.ts).
    stringifyResult,
    // Parsed documents and persisted queries, bounded by the bytes they take (bounded-stores.ts).
    documentStore: documentStore(),
    persistedQueries: { cache: persistedQueryStore() },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // A public endpoint sends no resolver traces to whoever asks for them (federated tracing).
      ApolloServerPluginInlineTraceDisabled(),
      // Before the query limits: an operation that cannot be chosen, or holds invalid text, is refused first.
      operationGuardPlugin(),
      textGuardPlugin(),
      responseStatusPlugin(),
      // Refuses too deep or costly operations, charges the cost to the client's budget, closes the budgets' Redis on stop.
      queryLimitsPlugin(
        schema,
        { maxDepth: config.MAX_QUERY_DEPTH, maxComplexity: config.MAX_QUERY_COMPLEXITY, maxRootFields: config.MAX_ROOT_FIELDS },
        rateLimits,
        (requestContext) => answers.servedFromCache(requestContext),
        () => listSizes.current(),
      ),
      requestLogPlugin(logger),
      readSessionPlugin(readSessions),
      introspectionPlugin(schema),
      ...responseCachePlugins(config, responseCache, answers),
      // After the cache's and introspection's answers: a partner's plain page, written in one go.
      compiledPagesPlugin(config.COMPILED_PAGES),
      apolloLandingPage(config.EXPLORER),
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
  // Before /graphql: a browser asking it for a page gets the hub's explorer (docs/explorer.md).
  app.use(explorer(config.EXPLORER));
  const guards = [corsFor(config.CORS_ORIGINS), requestRateLimiter(rateLimits, config.RATE_LIMIT_PER_MINUTE)];
  app.use(
    '/graphql',
    ...guards,
    rejectMalformedQueryString(),
    rejectUnacceptable(),
    jsonBody(),
    rejectRepeatedFields(),
    varyOnCaller(),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const context = endSnapshotOnClose(await contextFor(req.headers.authorization, languageOf(req)), res);
        rateLimits.chargeTo(context, clientKey(req));
        return context;
      },
    }),
  );
  const exportContextFor = async (req: express.Request, lang?: Lang) => {
    const context = await contextFor(req.headers.authorization, lang);
    rateLimits.chargeTo(context, clientKey(req));
    return context;
  };
  app.use('/export', ...guards, statsCsvRouter({ apollo, schema, contextFor: exportContextFor, logger }));
  app.use('/codebook', ...guards, codebookRouter({ apollo, contextFor: exportContextFor, maxRootFields: config.MAX_ROOT_FIELDS, logger }));
  if (config.MCP_ENABLED) {
    // Loaded only when enabled (it is off by default); the MCP SDK itself only at the first request (mcp/server.ts).
    const { mcpRouter } = await import('../mcp/router');
    app.use('/mcp', ...guards, jsonBody(), mcpRouter({ apollo, schema, introspection: config.INTROSPECTION, contextFor: exportContextFor, logger }));
  }
  app.use(hubPage(config.LANDING_PAGE, logger));
  // Last: unknown paths, wrong methods and unreadable bodies answer JSON, never Express's HTML page.
  app.use(notFound());
  app.use(errorHandler(logger));
  return { app, httpServer, apollo, schema, contextFor };
}
