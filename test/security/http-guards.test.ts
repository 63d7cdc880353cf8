import { startTestHub, TestHub } from '../support/hub';

describe('Security: HTTP guards of the public endpoint', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({ env: { RATE_LIMIT_PER_MINUTE: '5', CORS_ORIGINS: 'https://dashboard.example.org' } });
    base = await t.listen();
  });
  afterAll(() => t.close());

  it('answers a browser preflight from an allowed origin with the headers a dashboard needs', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://dashboard.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://dashboard.example.org');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
  });

  it('allows the protocol-version header that MCP clients in a browser send (the same guard fronts /mcp)', async () => {
    const res = await fetch(`${base}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://dashboard.example.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,mcp-protocol-version',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/mcp-protocol-version/);
  });

  it('does not allow an origin that is not configured', async () => {
    const res = await fetch(`${base}/graphql`, { method: 'OPTIONS', headers: { origin: 'https://elsewhere.example.com', 'access-control-request-method': 'POST' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits one client to the configured requests a minute, with Retry-After and a readable error', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ rounds { id } }' }),
      });
      statuses.push(last.status);
    }
    // Preflights are answered by CORS before the limiter and do not count.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    const body: any = await last!.json();
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0].message).toMatch(/at most 5 a minute/);
  });

  it('keeps /health outside the limit so orchestrators can always probe it', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
  });
});
