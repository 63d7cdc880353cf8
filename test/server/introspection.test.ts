import { startTestHub, TestHub } from '../support/hub';

const INTROSPECT = '{ __schema { queryType { name } } }';

describe('Server: introspection setting', () => {
  let on: TestHub;
  let off: TestHub;
  beforeAll(async () => {
    on = await startTestHub({ env: { NODE_ENV: 'production' } });
    off = await startTestHub({ env: { NODE_ENV: 'production', INTROSPECTION: 'false' } });
  });
  afterAll(async () => {
    await on.close();
    await off.close();
  });

  it('answers introspection by default, in production too', async () => {
    const res = await on.exec(INTROSPECT);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('refuses introspection with INTROSPECTION=false but still serves queries and the federation SDL', async () => {
    const refused = await off.exec(INTROSPECT);
    expect(refused.data).toBeUndefined();
    expect(refused.errors![0].message).toMatch(/introspection is not allowed/i);
    const rounds = await off.exec('{ rounds { id } }');
    expect(rounds.errors).toBeUndefined();
    const sdl = await off.exec('{ _service { sdl } }');
    expect(sdl.errors).toBeUndefined();
    expect(sdl.data!._service.sdl).toContain('type Query');
  });
});
