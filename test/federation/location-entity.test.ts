import { readFileSync } from 'node:fs';
import path from 'node:path';
import { OperationDefinitionNode, parse } from 'graphql';
import { buildHubSchema } from '../../src/schema/build-schema';
import { SEEDS_DIR } from '../../src/provisioning/seed-database';
import { measureHubOperation, STATEMENT_COST } from '../../src/security/cost-model';
import { seedRows } from '../support/csv';
import { startTestHub, TestHub } from '../support/hub';

/** The official figures as the reference file states them: the independent source for `flowStatistics`. */
const FIGURES: { country: string; admin1Pcode?: string; borderPoint?: string; indicator: string }[] = JSON.parse(
  readFileSync(path.join(SEEDS_DIR, 'reference', 'flow-statistics.json'), 'utf8'),
).statistics;

const ENTITIES = `query($reps: [_Any!]!) { _entities(representations: $reps) {
  ... on Location { pcode rounds { number } flowStatistics { value } } } }`;

describe('Federation: what the hub knows about a place, through the Location entity', () => {
  let t: TestHub;
  let pcodes: string[];
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4, 5] });
    pcodes = (await t.exec('{ locations { pcode } }')).data!.locations.map((l: { pcode: string }) => l.pcode);
  });
  afterAll(() => t.close());

  it('gives a country its rounds and national figures, and an admin-1 area the rounds that surveyed there and its figures', async () => {
    const res = await t.exec(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Location {
         pcode rounds { id } surveyPoints { id } flowStatistics { indicator admin1Pcode } } } }`,
      { reps: ['PER', 'VEN', 'PE24', 'PE01'].map((pcode) => ({ __typename: 'Location', pcode })) },
    );
    expect(res.errors).toBeUndefined();
    const [per, ven, tumbes, amazonas] = res.data!._entities;
    expect(per.rounds).toEqual([{ id: 'Round:PER-4' }, { id: 'Round:PER-5' }]);
    expect(per.surveyPoints.map((p: { id: string }) => p.id)).toEqual([
      'SurveyPoint:PER-4:cebaf_tumbes',
      'SurveyPoint:PER-4:santa_rosa_tacna',
      'SurveyPoint:PER-5:cebaf_tumbes',
      'SurveyPoint:PER-5:santa_rosa_tacna',
    ]);
    expect(per.flowStatistics).toHaveLength(FIGURES.filter((f) => f.country === 'PER' && !f.admin1Pcode && !f.borderPoint).length);
    expect(ven.rounds).toEqual([]);
    expect(ven.flowStatistics).toHaveLength(FIGURES.filter((f) => f.country === 'VEN' && !f.admin1Pcode).length);
    expect(tumbes.rounds).toEqual([{ id: 'Round:PER-4' }, { id: 'Round:PER-5' }]);
    expect(tumbes.surveyPoints).toEqual([{ id: 'SurveyPoint:PER-4:cebaf_tumbes' }, { id: 'SurveyPoint:PER-5:cebaf_tumbes' }]);
    expect(tumbes.flowStatistics).toEqual(
      FIGURES.filter((f) => f.admin1Pcode === 'PE24').map((f) => ({ indicator: f.indicator.toUpperCase(), admin1Pcode: 'PE24' })),
    );
    expect(amazonas).toEqual({ pcode: 'PE01', rounds: [], surveyPoints: [], flowStatistics: [] });
  });

  it('resolves 100 Location representations with rounds and figures in as many statements as 10', async () => {
    // The 50 areas of the shipped COD-AB tables (Peru's were surveyed), then 50 countries.
    const areas = pcodes.filter((p) => /^(PE|VE)\d\d$/.test(p));
    const countries = pcodes.filter((p) => /^[A-Z]{3}$/.test(p));
    const reps = (n: number) => [...areas.slice(0, n / 2), ...countries.slice(0, n / 2)].map((pcode) => ({ __typename: 'Location', pcode }));
    // Both levels must be among the first ten, so that the ten exercise every loader the hundred do.
    expect(pcodes.length).toBeGreaterThanOrEqual(100);
    const ten = ['PER', 'VEN', 'PE24', 'PE23', 'VE20', ...pcodes.filter((p) => !['PER', 'VEN', 'PE24', 'PE23', 'VE20'].includes(p)).slice(0, 5)];
    t.statements.reset();
    const small = await t.exec(ENTITIES, { reps: ten.map((pcode) => ({ __typename: 'Location', pcode })) });
    const tenCount = t.statements.count;
    t.statements.reset();
    const large = await t.exec(ENTITIES, { reps: reps(100) });
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data!._entities.filter(Boolean)).toHaveLength(100);
    // locations, rounds by country, survey points by area, rounds by id, national figures, area figures.
    expect(tenCount).toBe(6);
    expect(t.statements.count).toBe(6);
  });

  it('resolves a round referenced by country and number as by id, in one batch', async () => {
    t.statements.reset();
    const res = await t.exec('query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Round { id country number } } }', {
      reps: [
        { __typename: 'Round', country: 'PER', number: 5 },
        { __typename: 'Round', id: 'Round:PER-4' },
        { __typename: 'Round', country: 'PER', number: 9 },
        { __typename: 'Round', id: 'PER-4' },
      ],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      { id: 'Round:PER-5', country: 'PER', number: 5 },
      { id: 'Round:PER-4', country: 'PER', number: 4 },
      null,
      { id: 'Round:PER-4', country: 'PER', number: 4 },
    ]);
    expect(t.statements.count).toBe(1);
  });

  it('links every place string to its Location entity', async () => {
    const res = await t.exec(
      `{ round(country: "PER", number: 4) { country countryLocation { pcode level }
           surveyPoints { borderWith borderCountry { pcode } } }
         flowStatistics(filter: { admin1Pcode: "PE24" }) { place { pcode } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.round.countryLocation).toEqual({ pcode: 'PER', level: 'COUNTRY' });
    expect(res.data!.round.surveyPoints).toEqual([
      { borderWith: 'ECU', borderCountry: { pcode: 'ECU' } },
      { borderWith: 'CHL', borderCountry: { pcode: 'CHL' } },
    ]);
    expect(res.data!.flowStatistics.map((f: { place: { pcode: string } }) => f.place.pcode)).toEqual(
      FIGURES.filter((f) => f.admin1Pcode === 'PE24').map(() => 'PE24'),
    );
    const national = await t.exec('{ flowStatistics(filter: { country: "VEN" }) { place { pcode } } }');
    expect(national.data!.flowStatistics.map((f: { place: { pcode: string } }) => f.place.pcode)).toEqual(['VEN', 'VEN', 'VEN']);
  });

  it('links a respondent nationality and destination country to Location entities for partners', async () => {
    const res = await t.exec(
      '{ round(country: "PER", number: 4) { respondents(first: 20) { edges { node { id nationalityLocation { pcode } destinationCountry destinationCountryLocation { pcode } } } } } }',
      undefined,
      'partner',
    );
    expect(res.errors).toBeUndefined();
    const rows = new Map(seedRows(4, 'respondents').map((r) => [`Respondent:PER-4:${r.respondent_id}`, r]));
    const nodes = res.data!.round.respondents.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toHaveLength(20);
    expect(nodes).toEqual(
      nodes.map(({ id }: { id: string }) => rows.get(id)!).map((r: Record<string, string>) => ({
        id: `Respondent:PER-4:${r.respondent_id}`,
        nationalityLocation: { pcode: r.nationality },
        destinationCountry: r.destination_country || null,
        destinationCountryLocation: r.destination_country ? { pcode: r.destination_country } : null,
      })),
    );
  });

  it('counts the respondents heading to a place and coming from it by round, exactly for partners', async () => {
    const res = await t.exec(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Location {
         destinationRespondents { total groups { keys { code } count } }
         originRespondents { total groups { keys { code } count } } } } }`,
      { reps: [{ __typename: 'Location', pcode: 'PE15' }, { __typename: 'Location', pcode: 'VE20' }, { __typename: 'Location', pcode: 'VEN' }] },
      'partner',
    );
    expect(res.errors).toBeUndefined();
    const byRound = (pick: (r: Record<string, string>) => boolean) =>
      [4, 5].map((n) => ({ keys: [{ code: `PER-${n}` }], count: seedRows(n, 'respondents').filter(pick).length })).filter((g) => g.count > 0);
    const [lima, tachira, ven] = res.data!._entities;
    expect(lima.destinationRespondents.groups).toEqual(byRound((r) => r.destination_region === 'Lima'));
    expect(tachira.originRespondents.groups).toEqual(byRound((r) => r.origin_state === 'Táchira'));
    expect(ven.originRespondents.groups).toEqual(byRound((r) => r.nationality === 'VEN'));
    expect(ven.destinationRespondents).toEqual({ total: 0, groups: [] });
  });

  it('applies the disclosure control of respondentStats to the place aggregates for public callers', async () => {
    const q = (as: 'public' | 'partner') =>
      t.exec(
        `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Location {
           destinationRespondents { groups { keys { code } count } disclosure { method } } } } }`,
        { reps: [{ __typename: 'Location', pcode: 'PE13' }] },
        as,
      );
    const pub = await q('public');
    const direct = await t.exec(
      '{ respondentStats(filter: { destinationRegion: "PE13" }, groupBy: [ROUND]) { groups { keys { code } count } disclosure { method } } }',
    );
    expect(pub.errors).toBeUndefined();
    expect(pub.data!._entities[0].destinationRespondents.disclosure.method).toBe('CELL_KEY');
    // The same cells as the public stats query: a place cannot be used to difference the published counts.
    expect(pub.data!._entities[0].destinationRespondents).toEqual(direct.data!.respondentStats);
    const exact = [4, 5].map((n) => seedRows(n, 'respondents').filter((r) => r.destination_region === 'La Libertad').length);
    const counts = pub.data!._entities[0].destinationRespondents.groups.map((g: { count: number }) => g.count);
    expect(counts).toHaveLength(2);
    counts.forEach((c: number, i: number) => expect(Math.abs(c - exact[i])).toBeLessThanOrEqual(5));
  });

  it('charges each place aggregate as the respondentStats query it runs', async () => {
    const schema = await buildHubSchema();
    const cost = (query: string, variables: Record<string, unknown> = {}) => {
      const document = parse(query);
      return measureHubOperation(schema, document, document.definitions[0] as OperationDefinitionNode, variables).cost;
    };
    const stats = cost('{ respondentStats(groupBy: [ROUND]) { total } }');
    const reps = ['PER', 'PE15', 'VE20'].map((pcode) => ({ __typename: 'Location', pcode }));
    const places = cost('query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Location { destinationRespondents { total } } } }', { reps });
    // `_entities`: a statement per entity type it may load (Round, SurveyPoint, Location: at most
    // one per representation), plus one selection per representation, each selection one stats query.
    expect(stats).toBeGreaterThan(2);
    expect(places).toBe(3 * STATEMENT_COST + reps.length * stats);
  });
});
