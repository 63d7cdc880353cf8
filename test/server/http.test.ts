import { startTestHub, TestHub } from '../support/hub';

describe('Server: HTTP endpoints', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub();
    base = await t.listen();
  });
  afterAll(() => t.close());

  it('answers /health while the process is alive', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('answers /ready when the database is reachable, naming the engine', async () => {
    const res = await fetch(`${base}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', database: t.db.engine });
  });

  it('serves GraphQL over POST /graphql', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ locations(country: "PER", level: ADMIN1) { pcode name } }' }),
    });
    expect(res.status).toBe(200);
    const body: any = await res.json();
    expect(body.data.locations).toHaveLength(25);
    expect(body.data.locations.find((l: { pcode: string }) => l.pcode === 'PE24').name).toBe('Tumbes');
  });

  it("shows the hub's explorer to a browser (explorer.test.ts tests it)", async () => {
    const res = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>DTM Hub: GraphQL explorer</title>');
  });

  it('hides internal errors behind a bare message without stack or SQL', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ nope }' }),
    });
    const body: any = await res.json();
    expect(res.status).toBe(400);
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.js/);
  });
});
