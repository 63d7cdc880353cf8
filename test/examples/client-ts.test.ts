import { createHubClient, HubError } from '../../examples/client-ts/hub-client';
import { RespondentExportDocument } from '../../examples/client-ts/generated/graphql';
import { formatTable, respondentTable } from '../../examples/client-ts/respondent-table';
import { seedRows } from '../support/csv';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';

describe('Examples: the typed TypeScript client against a running hub', () => {
  let t: TestHub;
  let url: string;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
    url = `${await t.listen()}/graphql`;
  });
  afterAll(() => t.close());

  it('pages through every respondent of round 4 and tabulates them as the seed rows do', async () => {
    const rows = await respondentTable(createHubClient({ url, partnerKey: PARTNER_KEY }), 'PER', 4);
    const raw = seedRows(4, 'respondents');
    const expected = new Map<string, { rows: number; ageSum: number }>();
    for (const r of raw) {
      const key = `${r.survey_point}|${r.sex.toUpperCase()}`;
      const g = expected.get(key) ?? { rows: 0, ageSum: 0 };
      g.rows += 1;
      g.ageSum += Number(r.age);
      expected.set(key, g);
    }
    expect(rows.map((r) => `${r.surveyPoint}|${r.sex}`).sort()).toEqual([...expected.keys()].sort());
    for (const r of rows) {
      const e = expected.get(`${r.surveyPoint}|${r.sex}`)!;
      expect(r.rows).toBe(e.rows);
      expect(r.meanAge).toBeCloseTo(e.ageSum / e.rows, 10);
      // A partner key sees exact aggregates: the hub's count equals the rows paged through.
      expect(r.statsCount).toBe(e.rows);
    }
    expect(formatTable(rows).split('\n').pop()).toMatch(new RegExp(`^total\\s+${raw.length}\\b`));
  });

  it('reports a refused operation as an error with the hub\'s code', async () => {
    const request = createHubClient({ url });
    const error = await request(RespondentExportDocument, { first: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HubError);
    expect((error as HubError).errors.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
  });
});
