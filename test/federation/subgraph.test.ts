import { seedRows } from '../support/csv';
import { startTestHub, TestHub } from '../support/hub';

describe('Federation: the hub as an Apollo Federation 2 subgraph', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4, 5] });
  });
  afterAll(() => t.close());

  it('publishes its subgraph SDL with the Federation 2 link and entity keys', async () => {
    const res = await t.exec('{ _service { sdl } }');
    expect(res.errors).toBeUndefined();
    const sdl: string = res.data!._service.sdl;
    expect(sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+"/);
    // A type may also implement interfaces (Node) before its directives.
    expect(sdl).toMatch(/type Round(\s+implements [\w& ]+)?\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type SurveyPoint(\s+implements [\w& ]+)?\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Location(\s+implements [\w& ]+)?\s+@key\(fields: "pcode"\)/);
  });

  it('resolves referenced rounds, survey points and locations in one batch per type, by tagged or untagged id', async () => {
    t.statements.reset();
    const res = await t.exec(
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
         ... on Round { id sampleSize } ... on SurveyPoint { id sampleSize } ... on Location { pcode name } } }`,
      {
        reps: [
          { __typename: 'Round', id: 'Round:PER-4' },
          // A partner subgraph may hold the untagged ids of the previous release.
          { __typename: 'Round', id: 'PER-5' },
          { __typename: 'SurveyPoint', id: 'SurveyPoint:PER-4:santa_rosa_tacna' },
          { __typename: 'SurveyPoint', id: 'PER-4:santa_rosa_tacna' },
          { __typename: 'Location', pcode: 'PE24' },
          { __typename: 'Round', id: 'PER-99' },
          // An id of another type, or of no type, names no round.
          { __typename: 'Round', id: 'SurveyPoint:PER-4' },
          { __typename: 'Round', id: 'Person:PER-4' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    const tacna = seedRows(4, 'respondents').filter((r) => r.survey_point === 'santa_rosa_tacna').length;
    expect(res.data!._entities).toEqual([
      { id: 'Round:PER-4', sampleSize: seedRows(4, 'respondents').length },
      { id: 'Round:PER-5', sampleSize: seedRows(5, 'respondents').length },
      { id: 'SurveyPoint:PER-4:santa_rosa_tacna', sampleSize: tacna },
      { id: 'SurveyPoint:PER-4:santa_rosa_tacna', sampleSize: tacna },
      { pcode: 'PE24', name: 'Tumbes' },
      null,
      null,
      null,
    ]);
    // rounds, survey points and locations: one statement each, whatever the number of references.
    expect(t.statements.count).toBe(3);
  });

  it('keeps row-level types out of reach of references', async () => {
    const code = seedRows(4, 'respondents')[0].respondent_id;
    for (const id of [`Respondent:PER-4:${code}`, `PER-4:${code}`]) {
      const res = await t.exec('query($reps: [_Any!]!) { _entities(representations: $reps) { __typename } }', {
        reps: [{ __typename: 'Respondent', id }],
      });
      expect(res.errors).toBeDefined();
      expect(res.data?._entities ?? [null]).toEqual([null]);
    }
  });

  it('still asks for a partner key when a router reaches row-level fields through an entity', async () => {
    const res = await t.exec(
      'query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Round { respondents(first: 1) { totalCount } } } }',
      { reps: [{ __typename: 'Round', id: 'Round:PER-4' }] },
    );
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
  });
});
