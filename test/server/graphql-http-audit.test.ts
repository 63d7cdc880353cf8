import { AuditResult, serverAudits } from 'graphql-http';
import { startTestHub, TestHub } from '../support/hub';

/**
 * The GraphQL-over-HTTP conformance audit shipped with graphql-http, run against the started hub
 * over real HTTP. Every MUST and every SHOULD has to pass; MAYs are counted, not required.
 */
describe('Server: GraphQL-over-HTTP audit', () => {
  let t: TestHub;
  let url: string;
  const audits = serverAudits({ url: () => url });
  const results = new Map<string, AuditResult>();

  beforeAll(async () => {
    t = await startTestHub();
    url = `${await t.listen()}/graphql`;
    for (const audit of audits) results.set(audit.id, await audit.fn());
  });
  afterAll(() => t.close());

  const required = audits.filter((a) => !a.name.startsWith('MAY'));

  it('holds MUST and SHOULD audits (the suite did not shrink to nothing)', () => {
    expect(required.filter((a) => a.name.startsWith('MUST')).length).toBeGreaterThanOrEqual(10);
    expect(required.filter((a) => a.name.startsWith('SHOULD')).length).toBeGreaterThanOrEqual(20);
  });

  it.each(required.map((a) => [a.name, a.id] as const))('%s', (_name, id) => {
    const result = results.get(id)!;
    expect(result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`).toBe('ok');
  });

  it('reports the counts by requirement level', () => {
    const counts: Record<string, { pass: number; fail: number }> = {};
    for (const a of audits) {
      const level = a.name.split(' ')[0];
      counts[level] ??= { pass: 0, fail: 0 };
      counts[level][results.get(a.id)!.status === 'ok' ? 'pass' : 'fail']++;
    }
    const failedMays = audits.filter((a) => a.name.startsWith('MAY') && results.get(a.id)!.status !== 'ok').map((a) => `${a.id} ${a.name}`);
    console.log(`GraphQL-over-HTTP audit: ${JSON.stringify(counts)}\nMAYs not taken: ${failedMays.join('; ') || 'none'}`);
    expect(counts.MUST.fail + counts.SHOULD.fail).toBe(0);
  });
});
