import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeSubgraphs, supergraphSdlOf, writeSupergraph } from '../../examples/federation/compose';
import { Demo, startDemo } from '../../examples/federation/demo';
import { PARTNER_POPULATION } from '../../examples/federation/partner-subgraph';
import { createTestDatabase, TestDatabase } from '../support/database';

describe('Federation: the supergraph compose script and demo', () => {
  it('writes a supergraph that routes to the URLs it was given', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'supergraph-'));
    try {
      const out = path.join(dir, 'supergraph.graphql');
      writeSupergraph(out, { hub: 'http://hub.example:4100/graphql', partner: 'http://partner.example:4101/' });
      const sdl = readFileSync(out, 'utf8');
      expect(sdl).toMatch(/HUB @join__graph\(name: "hub", url: "http:\/\/hub\.example:4100\/graphql"\)/);
      expect(sdl).toMatch(/PARTNER @join__graph\(name: "partner", url: "http:\/\/partner\.example:4101\/"\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the composition error when the subgraphs disagree', () => {
    // The hub's Location.pcode is ID!; a partner declaring it Int! cannot be composed.
    const clashing = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])
      type Location @key(fields: "pcode") { pcode: Int! population: Int }
      type Query { placeProfile(pcode: ID!): Location }`;
    const result = composeSubgraphs({ hub: 'http://hub.invalid/graphql', partner: 'http://partner.invalid/' }, clashing);
    expect(() => supergraphSdlOf(result)).toThrow(/composition failed with \d+ error\(s\):\n {2}FIELD_TYPE_MISMATCH: .*Location\.pcode/);
  });

  describe('npm run supergraph:demo', () => {
    let db: TestDatabase;
    let demo: Demo;
    beforeAll(async () => {
      db = await createTestDatabase();
      const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', SEED_ON_START: 'true', ...db.config };
      if (!db.config.DATABASE_URL) delete env.DATABASE_URL;
      demo = await startDemo({ hub: 0, partner: 0, gateway: 0 }, env);
    }, 120_000);
    afterAll(async () => {
      await demo?.stop();
      await db?.drop();
    });

    it("answers one query through the gateway with the partner's population and the hub's rounds", async () => {
      const res = await fetch(demo.urls.gateway, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ placeProfile(pcode: "PER") { population rounds { number } } }' }),
      });
      const body = (await res.json()) as { data?: unknown; errors?: unknown };
      expect(body.errors).toBeUndefined();
      // The rounds `npm start` seeds into an empty database (test/server/startup.test.ts).
      expect(body.data).toEqual({ placeProfile: { population: PARTNER_POPULATION.PER, rounds: [2, 3, 4, 5, 6].map((number) => ({ number })) } });
    });
  });
});
