import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { loadConfig, loadDotEnv } from './config/config';
import { warnOnUnsupportedNode } from './config/node-version';
import { openHubDatabase } from './provisioning/hub-database';
import { buildHubSchema } from './schema/build-schema';
import { seedIfEmpty } from './provisioning/seed-database';
import { createHub } from './server/app';
import { answerCommandLine } from './server/command-line';
import { listen } from './server/listen';
import { createLogger } from './server/logger';

/** Load config, open the database (migrated, reference data loaded), seed it when empty, build the schema, serve. */
async function main(): Promise<void> {
  const answer = answerCommandLine(process.argv.slice(2));
  if (answer) {
    process.stdout.write(answer.out ?? '');
    process.stderr.write(answer.err ?? '');
    process.exitCode = answer.code;
    return;
  }
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, config.LOG_FORMAT);
  warnOnUnsupportedNode((sentence) => logger.warn({ node: process.version }, sentence));
  const ds = await openHubDatabase(config);
  logger.info({ database: ds.options.type }, 'database ready');
  if (config.SEED_ON_START) {
    const seeding = await seedIfEmpty(ds);
    if (seeding.seeded) logger.info({ rounds: seeding.rounds }, 'seeded the empty database (synthetic, calibrated data)');
  }
  const schema = await buildHubSchema();
  const hub = await createHub(config, ds, schema, logger);
  await listen(hub.httpServer, config.PORT, config.HOST);
  const { port } = hub.httpServer.address() as AddressInfo;
  logger.info({ port }, `DTM Hub ready at http://localhost:${port}/graphql`);

  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down: draining requests');
    await hub.apollo.stop();
    await ds.destroy();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
