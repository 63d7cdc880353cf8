import { getIntrospectionQuery, IntrospectionObjectType, IntrospectionQuery } from 'graphql';
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

  describe('federation internals', () => {
    // What Apollo Federation adds to a subgraph (issue 24): only the router needs them.
    const isInternal = (name: string) => ['_Any', '_Entity', '_Service', '_entities', '_service', 'link', 'key'].includes(name) || /^(link|federation)__/.test(name);

    it('leaves federation types, directives and root fields out of the full introspection query', async () => {
      const res = await on.exec(getIntrospectionQuery());
      expect(res.errors).toBeUndefined();
      const schema = (res.data as unknown as IntrospectionQuery).__schema;
      const query = schema.types.find((t): t is IntrospectionObjectType => t.kind === 'OBJECT' && t.name === 'Query')!;
      const names = [...schema.types.map((t) => t.name), ...schema.directives.map((d) => d.name), ...query.fields.map((f) => f.name)];
      expect(names.filter(isInternal)).toEqual([]);
      // The API itself is all there: the hub's own types and its one custom scalar.
      expect(names).toEqual(expect.arrayContaining(['Round', 'Location', 'LocalDate', 'rounds', 'node', 'deprecated']));
    });

    it('hides them behind aliases and fragments too, and from __type', async () => {
      const res = await on.exec('query Q { ...F } fragment F on Query { s: __schema { t: types { n: name } } any: __type(name: "_Any") { name } round: __type(name: "Round") { name } }');
      expect(res.errors).toBeUndefined();
      const data = res.data as { s: { t: { n: string }[] }; any: null; round: { name: string } };
      expect(data.s.t.map((t) => t.n).filter(isInternal)).toEqual([]);
      expect(data.any).toBeNull();
      expect(data.round).toEqual({ name: 'Round' });
    });

    it('still serves the router: _service { sdl } and _entities answer', async () => {
      const sdl = await on.exec('{ _service { sdl } }');
      expect(sdl.errors).toBeUndefined();
      expect(sdl.data!._service.sdl).toContain('@key(fields: "pcode")');
      const entities = await on.exec('{ _entities(representations: [{ __typename: "Location", pcode: "PER" }]) { __typename ... on Location { pcode } } }');
      expect(entities.errors).toBeUndefined();
      expect(entities.data).toEqual({ _entities: [{ __typename: 'Location', pcode: 'PER' }] });
    });

    it('refuses an operation that mixes __schema with data fields, saying why', async () => {
      const res = await on.exec('{ __schema { queryType { name } } rounds { id } }');
      expect(res.data).toBeUndefined();
      expect(res.errors![0].message).toMatch(/__schema and __type in an operation of their own/);
      expect(res.errors![0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });
});
