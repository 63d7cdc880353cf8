import { getIntrospectionQuery } from 'graphql';
import { startTestHub, TestHub } from '../support/hub';

describe('Federation: enum default values survive the subgraph schema', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(() => t.close());

  it('answers the full introspection query (what Apollo Sandbox sends) without errors', async () => {
    const res = await t.exec(getIntrospectionQuery());
    expect(res.errors).toBeUndefined();
    const query = (res.data!.__schema.types as { name: string; fields: { name: string; args: { name: string; defaultValue: string | null }[] }[] }[]).find(
      (x) => x.name === 'Query',
    )!;
    const series = query.fields.find((f) => f.name === 'flowStatisticSeries')!;
    expect(Object.fromEntries(series.args.filter((a) => a.defaultValue !== null).map((a) => [a.name, a.defaultValue]))).toEqual({
      interval: 'MONTH',
      aggregate: 'LATEST',
    });
  });

  it('applies the documented defaults (MONTH, LATEST) when the arguments are left out', async () => {
    const implicit = await t.exec('{ flowStatisticSeries(indicator: PTP_ISSUED, country: "PER") { interval aggregate points { period value } } }');
    const explicit = await t.exec(
      '{ flowStatisticSeries(indicator: PTP_ISSUED, country: "PER", interval: MONTH, aggregate: LATEST) { interval aggregate points { period value } } }',
    );
    expect(implicit.errors).toBeUndefined();
    expect(implicit.data!.flowStatisticSeries.interval).toBe('MONTH');
    expect(implicit.data!.flowStatisticSeries.aggregate).toBe('LATEST');
    expect(implicit.data!.flowStatisticSeries.points.length).toBeGreaterThan(0);
    expect(implicit.data).toEqual(explicit.data);
  });
});
