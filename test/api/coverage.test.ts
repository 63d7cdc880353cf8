import { DIMENSIONS } from '../../src/aggregation/dimensions';
import { importBundle } from '../../src/import/import-round';
import { CHOICE_QUESTIONS } from '../../src/questionnaire/registry';
import { expectBadUserInput } from '../support/expect-errors';
import { startTestHub, TestHub } from '../support/hub';
import { bundleVariant, removeTempDirs } from '../import/support';

interface RoundEntry {
  roundId: string;
  operation: string;
  number: number;
  fieldworkStart: string;
  fieldworkEnd: string;
  sampleSize: number;
  dataKind: string;
  latestRoundPerOperation: boolean;
  overlapsWith: string[];
  lastUpdated: string | null;
  statsLevels: { level: string; dimension: string }[];
  topics: { group: string; questions: string[] }[];
}
interface Place {
  level: string;
  pcode: string;
  surveyPointCode: string | null;
  name: string;
  country: string;
  operations: string[];
  overlappingOperations: boolean;
  lastUpdated: string | null;
  rounds: RoundEntry[];
}

const COVERAGE = `query ($country: String, $pcode: String) {
  coverage(country: $country, pcode: $pcode) {
    level pcode surveyPointCode name country operations overlappingOperations lastUpdated
    rounds { roundId operation number fieldworkStart fieldworkEnd sampleSize dataKind latestRoundPerOperation overlapsWith lastUpdated
      statsLevels { level dimension } topics { group questions } }
  }
}`;

type Raw = Record<string, string | number>;

describe('Coverage: what is there, place by place', () => {
  let t: TestHub;
  const places = async (variables: Record<string, unknown>): Promise<Place[]> => {
    const res = await t.exec(COVERAGE, variables);
    expect(res.errors).toBeUndefined();
    return res.data!.coverage as Place[];
  };
  const raw = (sql: string): Promise<Raw[]> => t.ds.query(sql);

  beforeAll(async () => {
    t = await startTestHub({ rounds: 'all' });
  });
  afterAll(async () => {
    await t.close();
    removeTempDirs();
  });

  it('lists each admin-1 area with the rounds that have a survey point in it, their dates, kind and the sample interviewed there', async () => {
    const answer = await places({ country: 'PER' });
    const areas = answer.filter((p) => p.level === 'ADMIN1');
    const rows = await raw(
      'SELECT sp.admin1_pcode AS pcode, sp.round_id AS round, SUM(sp.sample_size) AS n, CAST(ro.fieldwork_start AS VARCHAR(10)) AS start, ' +
        'CAST(ro.fieldwork_end AS VARCHAR(10)) AS finish, ro.data_kind AS kind FROM survey_point sp JOIN round ro ON ro.id = sp.round_id ' +
        'GROUP BY sp.admin1_pcode, sp.round_id, ro.number, ro.fieldwork_start, ro.fieldwork_end, ro.data_kind ORDER BY sp.admin1_pcode, ro.number',
    );
    const expected = rows.map((r) => [r.pcode, r.round, Number(r.n), r.start, r.finish, String(r.kind).toUpperCase()]);
    const got = areas.flatMap((p) => p.rounds.map((r) => [p.pcode, r.roundId, r.sampleSize, r.fieldworkStart, r.fieldworkEnd, r.dataKind]));
    expect(got).toEqual(expected);
  });

  it("gives the country every round with a point in it, each with the whole round's sample, and one place per survey point code and area", async () => {
    const answer = await places({ country: 'PER' });
    const country = answer.filter((p) => p.level === 'COUNTRY');
    const rounds = await raw("SELECT id, sample_size FROM round WHERE country = 'PER' ORDER BY number");
    expect(country.map((p) => [p.pcode, p.rounds.map((r) => [r.roundId, r.sampleSize])])).toEqual([['PER', rounds.map((r) => [r.id, Number(r.sample_size)])]]);
    const points = await raw('SELECT DISTINCT admin1_pcode, code FROM survey_point ORDER BY admin1_pcode, code');
    expect(answer.filter((p) => p.level === 'SURVEY_POINT').map((p) => [p.pcode, p.surveyPointCode])).toEqual(points.map((r) => [r.admin1_pcode, r.code]));
  });

  it('flags exactly one round per operation and place, the one with the highest number', async () => {
    const answer = await places({ country: 'PER' });
    const latest = await raw('SELECT sp.admin1_pcode AS pcode, MAX(ro.number) AS n FROM survey_point sp JOIN round ro ON ro.id = sp.round_id GROUP BY sp.admin1_pcode ORDER BY sp.admin1_pcode');
    const flagged = answer.filter((p) => p.level === 'ADMIN1').map((p) => [p.pcode, p.rounds.filter((r) => r.latestRoundPerOperation).map((r) => r.number)]);
    expect(flagged).toEqual(latest.map((r) => [r.pcode, [Number(r.n)]]));
    expect(answer.every((p) => !p.overlappingOperations && p.operations.join() === 'PER')).toBe(true);
  });

  it('names the stats dimensions of each level, every one of them in the dimension registry', async () => {
    const [place] = await places({ pcode: 'PE24' });
    const levels = place.rounds[0].statsLevels;
    expect(levels.map((l) => l.level)).toEqual(['COUNTRY', 'ADMIN1', 'SURVEY_POINT']);
    for (const l of levels) expect([l.dimension, DIMENSIONS.has(l.dimension as never)]).toEqual([l.dimension, true]);
  });

  it('lists as topics only the questions a round answered at least once, by registry group', async () => {
    // Blank one optional question and one multi-select question of round 4 only, in the database itself.
    const [choice] = await raw("SELECT question FROM respondent_choice WHERE round_id = 'PER-4' ORDER BY question LIMIT 1");
    await t.ds.query("UPDATE respondent SET marital_status = NULL WHERE round_id = 'PER-4'");
    await t.ds.query(`DELETE FROM respondent_choice WHERE round_id = 'PER-4' AND question = '${choice.question}'`);
    const [place] = await places({ pcode: 'PER' });
    const topics = (n: number) => place.rounds.find((r) => r.number === n)!.topics;
    expect(topics(4).map((g) => g.group)).toEqual(['respondents', 'households', 'children']);
    const asked = (n: number) => topics(n).flatMap((g) => g.questions);
    expect(asked(4)).not.toContain('respondents.marital_status');
    expect(asked(5)).toContain('respondents.marital_status');
    const key = `respondents.${CHOICE_QUESTIONS.find((q) => q.answer.choice === choice.question)!.column}`;
    expect(asked(4)).not.toContain(key);
    expect(asked(4).length).toBe(asked(5).length - 2);
  });

  it('marks two operations covering one place, and lets the latest round of each be summed only with that warning', async () => {
    const ecuador = bundleVariant({ 'round.json': (text) => text.replace('"country": "PER"', '"country": "ECU"').replace('"number": 7', '"number": 1').replace('"Lima"', '"PE15"') });
    const imported = await importBundle(t.ds, ecuador);
    expect(imported.ok).toBe(true);
    const answer = await places({ pcode: 'PE24' });
    const area = answer.find((p) => p.level === 'ADMIN1')!;
    expect([area.operations, area.overlappingOperations]).toEqual([['ECU', 'PER'], true]);
    const ecu = area.rounds.filter((r) => r.operation === 'ECU');
    expect(ecu.map((r) => [r.roundId, r.latestRoundPerOperation, r.overlapsWith])).toEqual([['ECU-1', true, ['PER']]]);
    expect(area.rounds.filter((r) => r.operation === 'PER').every((r) => r.overlapsWith.join() === 'ECU')).toBe(true);
    // The Ecuadorian round's other point is in Lima: that area overlaps too; the others are Peru's alone.
    const others = await raw("SELECT DISTINCT admin1_pcode AS pcode FROM survey_point WHERE round_id <> 'ECU-1' AND admin1_pcode NOT IN ('PE24', 'PE15')");
    const peru = await places({ country: 'PER' });
    const overlapping = peru.filter((p) => p.level === 'ADMIN1' && p.overlappingOperations).map((p) => p.pcode);
    expect(overlapping).toEqual(['PE15', 'PE24']);
    expect(peru.filter((p) => others.some((o) => o.pcode === p.pcode) && p.level === 'ADMIN1').every((p) => !p.overlappingOperations)).toBe(true);
    expect((await places({ country: 'ECU' }))).toEqual([]);
  });

  it('gives each place the time its latest round was imported', async () => {
    const answer = await places({ pcode: 'PE24' });
    for (const p of answer) {
      const times = p.rounds.map((r) => r.lastUpdated!).sort();
      expect(p.lastUpdated).toBe(times[times.length - 1]);
    }
    const [{ at }] = await raw("SELECT MAX(changed_at) AS at FROM change_log WHERE round_id = 'ECU-1'");
    expect(answer[0].rounds.find((r) => r.roundId === 'ECU-1')!.lastUpdated).toBe(at);
  });

  it('refuses a malformed country, an unknown place and a place outside the country, naming each', async () => {
    expectBadUserInput(await t.exec(COVERAGE, { country: 'XX' }), [/country/, /"XX"/, /ISO 3166-1 alpha-3/]);
    expectBadUserInput(await t.exec(COVERAGE, { pcode: 'ZZ99' }), [/pcode/, /"ZZ99"/, /p-code of an admin-1 area/]);
    expectBadUserInput(await t.exec(COVERAGE, { country: 'VEN', pcode: 'PE24' }), [/pcode/, /"PE24"/, /in VEN/, /is in PER/]);
  });
});
