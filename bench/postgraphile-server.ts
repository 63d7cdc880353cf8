import './promise-with-resolvers';
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';

/**
 * PostGraphile 5 served on the hub's own PostgreSQL tables: the peer the nested page is measured
 * against. Run as its own process by the query benchmark:
 *
 *   DATABASE_URL=postgres://… PORT=5678 node dist/bench/postgraphile-server.js
 *
 * The Amber preset as it comes (no plugins), over the `public` schema, with the JSON body size
 * and pool left at their defaults. It derives respondent → household (`householdByRespondentId`,
 * one to one through the unique foreign key) and household → children (`childrenByHouseholdId`)
 * from the foreign keys the hub's migrations declare. Pages are keyed on the primary key, as the
 * hub's are.
 */

// The project compiles with `moduleResolution: node`, which does not read package.json
// "exports"; these subpaths resolve at run time, and their types come from the files behind them.
/* eslint-disable @typescript-eslint/no-require-imports */
const { PostGraphileAmberPreset } = require('postgraphile/presets/amber') as typeof import('postgraphile/dist/presets/amber');
const { makePgService } = require('postgraphile/adaptors/pg') as typeof import('@dataplan/pg/dist/adaptors/pg');
const { grafserv } = require('postgraphile/grafserv/node') as typeof import('grafserv/dist/servers/node');
const { jsonPgSmartTags } = require('postgraphile/utils') as typeof import('graphile-utils');

/**
 * `household.respondent_id` is unique through a unique index, which PostGraphile does not read as
 * a constraint; the `@unique` smart tag says so, making `householdByRespondentId` a single
 * household as the hub's `household` is, rather than a connection of at most one.
 */
const HouseholdUniqueRespondent = jsonPgSmartTags(
  { version: 1, config: { class: { household: { tags: { unique: 'respondent_id' } } } } },
  null,
  { name: 'BenchHouseholdUniqueRespondent' },
);

async function main(): Promise<void> {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL must name the PostgreSQL database to serve');
  const port = Number(process.env.PORT ?? 5678);
  const preset: GraphileConfig.Preset = {
    extends: [PostGraphileAmberPreset],
    plugins: [HouseholdUniqueRespondent],
    pgServices: [makePgService({ connectionString, schemas: ['public'] })],
    grafserv: { port, host: '127.0.0.1', graphqlPath: '/graphql', graphiql: false },
    grafast: { explain: false },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  await serv.addTo(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = () => {
    server.close();
    void Promise.resolve(pgl.release()).then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
