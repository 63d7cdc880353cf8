import { readFileSync } from 'node:fs';
import http from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSchema } from 'graphql';

/**
 * The framework's ceiling for the nested page: Apollo Server 5 on Express 5 with graphql-js, the
 * hub's own HTTP and GraphQL stack, serving the page the hub answered (read from PAGE_FILE) out
 * of memory through default resolvers. No database, ORM, type-graphql or hub plugin: what the
 * stack itself costs for an answer of this shape, as `{ __typename }` is for the smallest one.
 * Run as its own process by the query benchmark:
 *
 *   PAGE_FILE=page.json PORT=5679 node dist/bench/page-ceiling-server.js
 */

const SCHEMA = buildSchema(`
  enum Sex { MALE FEMALE }
  type Child { age: Int! sex: Sex! }
  type Household { travellingSize: Int! children: [Child!]! }
  type Respondent { id: ID! household: Household }
  type RespondentEdge { node: Respondent! }
  type RespondentConnection { edges: [RespondentEdge!]! }
  input RespondentFilter { round: Int }
  type Query { respondents(first: Int, filter: RespondentFilter): RespondentConnection! }
`);

async function main(): Promise<void> {
  const file = process.env.PAGE_FILE;
  if (!file) throw new Error('PAGE_FILE must name the JSON answer ({ data: { respondents } }) to serve');
  const page = (JSON.parse(readFileSync(file, 'utf8')) as { data: { respondents: unknown } }).data.respondents;
  const port = Number(process.env.PORT ?? 5679);
  const app = express();
  const server = http.createServer(app);
  // The hub runs no per-field hook for a partner's page (response-cache.ts): neither does this.
  const apollo = new ApolloServer({
    schema: SCHEMA,
    rootValue: { respondents: () => page },
    plugins: [ApolloServerPluginCacheControlDisabled(), ApolloServerPluginInlineTraceDisabled()],
  });
  await apollo.start();
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/graphql', express.json({ limit: '100kb' }), expressMiddleware(apollo));
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = () => {
    server.close();
    void apollo.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
