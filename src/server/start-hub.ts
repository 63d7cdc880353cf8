import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import type { Config } from '../config/config';
import { warnOnUnsupportedNode } from '../config/node-version';
import { openHubDatabase } from '../provisioning/hub-database';
import { seedIfEmpty } from '../provisioning/seed-database';
import { buildHubSchema } from '../schema/build-schema';
import { createHub } from './app';
import { listen } from './listen';
import { createLogger } from './logger';

/** Open the database (migrated, reference data loaded), seed it when empty, build the schema, serve. */
export async function startHub(config: Config): Promise<void> {
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
