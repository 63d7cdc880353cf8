import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { DocumentNode, print } from 'graphql';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../src/config/config';
import { openDatabase } from '../../src/orm/data-source';
import { buildHubSchema } from '../../src/schema/build-schema';
import { seedBundles } from '../../src/provisioning/seed-database';
import { createHub, Hub } from '../../src/server/app';
import { createLogger } from '../../src/server/logger';
import { createTestDatabase, TestDatabase } from './database';
import { copyOfTemplate, importBundles, isTemplatable, seedDatabase, TEMPLATES_ENABLED } from './template-database';
import { StatementCounter } from './statement-counter';

export const PARTNER_KEY = 'test-partner-key-0123456789abcdef';

/** An answer; `TData` is the operation's result type when it came from a typed document. */
export interface GqlResult<TData = Record<string, any>> {
  data?: TData | null;
  errors?: { message: string; extensions?: Record<string, any> }[];
}

/** Codegen's documents: strings (documentMode 'string' makes a String object) or parsed documents. */
export type TypedOperation<TData, TVariables> = DocumentTypeDecoration<TData, TVariables> & (String | DocumentNode);

export interface TestHub {
  hub: Hub;
  ds: DataSource;
  db: TestDatabase;
  statements: StatementCounter;
  /** Runs an operation through Apollo with the context an HTTP request would get. */
  exec(query: string, variables?: Record<string, unknown>, as?: 'public' | 'partner'): Promise<GqlResult>;
  /**
   * `exec` for a typed document of examples/client-ts/generated (made by codegen from
   * schema.graphql): the answer's data and the variables are typed by the operation.
   */
  execDocument<TData, TVariables>(document: TypedOperation<TData, TVariables>, variables?: TVariables, as?: 'public' | 'partner'): Promise<GqlResult<TData>>;
  /** Starts listening on a free loopback port and returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export { TEST_RECORD_KEY_SECRET } from './template-database';

/** Bundles of the seed rounds to load, by number (e.g. [4]); 'all' loads every seed round. */
export async function startTestHub(
  options: { rounds?: number[] | 'all'; bundles?: string[]; env?: Record<string, string> } = {},
): Promise<TestHub> {
  const all = seedBundles();
  const rounds: number[] = options.rounds === 'all' ? [] : (options.rounds ?? []);
  const wanted = options.rounds === 'all' ? all : all.filter((b) => rounds.includes(Number(b.split('-').pop())));
  const bundles = [...wanted, ...(options.bundles ?? [])];
  // The leading bundles of the project come with the template; a bundle a test wrote is imported into the copy.
  const firstOwn = bundles.findIndex((b) => !isTemplatable(b));
  const fromTemplate = firstOwn < 0 ? bundles.length : firstOwn;
  const db = TEMPLATES_ENABLED ? await copyOfTemplate(bundles.slice(0, fromTemplate)) : await createTestDatabase();
  const statements = new StatementCounter();
  const ds = await openDatabase(db.config, { logger: statements });
  if (TEMPLATES_ENABLED) await importBundles(ds, bundles.slice(fromTemplate));
  else await seedDatabase(ds, bundles);
  const config = loadConfig({
    NODE_ENV: 'test',
    PARTNER_KEYS: PARTNER_KEY,
    LOG_LEVEL: 'silent',
    ...(db.config.DATABASE_URL ? { DATABASE_URL: db.config.DATABASE_URL } : { SQLITE_PATH: db.config.SQLITE_PATH }),
    ...options.env,
  });
  const hub = await createHub(config, ds, await buildHubSchema(), createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  const exec: TestHub['exec'] = async (query, variables, as = 'public') => {
    const contextValue = await hub.contextFor(as === 'partner' ? `Bearer ${PARTNER_KEY}` : undefined);
    const response = await hub.apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
    return JSON.parse(JSON.stringify(response.body.singleResult)) as GqlResult;
  };
  return {
    hub,
    ds,
    db,
    statements,
    exec,
    async execDocument<TData, TVariables>(document: TypedOperation<TData, TVariables>, variables?: TVariables, as?: 'public' | 'partner') {
      const text = document instanceof String ? String(document) : print(document as DocumentNode);
      return (await exec(text, variables as Record<string, unknown> | undefined, as)) as GqlResult<TData>;
    },
    async listen() {
      await new Promise<void>((resolve) => hub.httpServer.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(hub.httpServer.address() as AddressInfo).port}`;
    },
    async close() {
      await hub.apollo.stop();
      if (hub.httpServer.listening) await new Promise((resolve) => hub.httpServer.close(resolve));
      await ds.destroy();
      await db.drop();
    },
  };
}
