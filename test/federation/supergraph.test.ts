import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { projectRoot } from '../../src/common/project-root';
import { composeSubgraphs } from '../../examples/federation/compose';
import { createGateway, RouterContext } from '../../examples/federation/gateway';
import { PARTNER_POPULATION, startPartnerSubgraph } from '../../examples/federation/partner-subgraph';
import { seedRows } from '../support/csv';
import { GqlResult, PARTNER_KEY, startTestHub, TestHub } from '../support/hub';

/** The committed schema.graphql (as a router's build reads it, not the live schema) with the partner's SDL. */
const compose = (hubUrl = 'http://hub.invalid/graphql', partnerUrl = 'http://partner.invalid/') => composeSubgraphs({ hub: hubUrl, partner: partnerUrl });

describe('Federation: the hub and a partner subgraph composed into a supergraph', () => {
  let t: TestHub;
  let partner: { url: string; stop: () => Promise<void> };
  let gateway: ApolloServer<RouterContext>;

  beforeAll(async () => {
    t = await startTestHub({ rounds: [4, 5] });
    const hubUrl = `${await t.listen()}/graphql`;
    partner = await startPartnerSubgraph();
    const composed = compose(hubUrl, partner.url);
    if (composed.errors) throw new Error(`composition failed: ${composed.errors.map(String).join('; ')}`);
    gateway = createGateway(composed.supergraphSdl);
    await gateway.start();
  });
  afterAll(async () => {
    await gateway?.stop();
    await partner?.stop();
    await t?.close();
  });

  async function route(query: string, as: 'public' | 'partner' = 'public'): Promise<GqlResult> {
    const contextValue: RouterContext = as === 'partner' ? { authorization: `Bearer ${PARTNER_KEY}` } : {};
    const res = await gateway.executeOperation({ query }, { contextValue });
    if (res.body.kind !== 'single') throw new Error('unexpected incremental response');
    return JSON.parse(JSON.stringify(res.body.singleResult)) as GqlResult;
  }

  it('composes the committed schema.graphql with the partner subgraph without errors or hints', () => {
    const composed = compose();
    expect(composed.errors?.map(String)).toBeUndefined();
    if (composed.errors) return;
    expect(composed.hints.map((h) => h.toString())).toEqual([]);
  });

  it('lists the same two subgraph schemas in supergraph.yaml for rover', () => {
    const yaml = readFileSync(path.join(projectRoot(), 'supergraph.yaml'), 'utf8');
    expect(yaml).toMatch(/hub:\s+routing_url: \S+\s+schema:\s+file: \.\/schema\.graphql/);
    expect(yaml).toMatch(/partner:\s+routing_url: \S+\s+schema:\s+file: \.\/examples\/federation\/partner-subgraph\.graphql/);
  });

  it('takes a partner place to the rounds, survey points, figures and destination counts the hub holds', async () => {
    const res = await route(`{ placeProfile(pcode: "PE24") {
      pcode population rounds { number } surveyPoints { id } flowStatistics { indicator place { pcode } }
      destinationRespondents { groups { keys { code } count } disclosure { method } } } }`);
    expect(res.errors).toBeUndefined();
    const tumbes = res.data!.placeProfile;
    expect(tumbes.population).toBe(PARTNER_POPULATION.PE24);
    expect(tumbes.rounds).toEqual([{ number: 4 }, { number: 5 }]);
    expect(tumbes.surveyPoints).toEqual([{ id: 'SurveyPoint:PER-4:cebaf_tumbes' }, { id: 'SurveyPoint:PER-5:cebaf_tumbes' }]);
    expect(tumbes.flowStatistics.length).toBeGreaterThan(0);
    expect(tumbes.flowStatistics.every((f: { place: { pcode: string } }) => f.place.pcode === 'PE24')).toBe(true);
    expect(tumbes.destinationRespondents.disclosure.method).toBe('CELL_KEY');
  });

  it('gives a partner country its rounds and exact destination counts for a forwarded partner key', async () => {
    const res = await route(
      '{ placeProfile(pcode: "PER") { population rounds { id sampleSize } destinationRespondents { groups { keys { code } count } disclosure { method } } } }',
      'partner',
    );
    expect(res.errors).toBeUndefined();
    const per = res.data!.placeProfile;
    expect(per.population).toBe(PARTNER_POPULATION.PER);
    expect(per.rounds).toEqual([4, 5].map((n) => ({ id: `Round:PER-${n}`, sampleSize: seedRows(n, 'respondents').length })));
    expect(per.destinationRespondents).toEqual({
      groups: [4, 5].map((n) => ({ keys: [{ code: `PER-${n}` }], count: seedRows(n, 'respondents').filter((r) => r.destination_country === 'PER').length })),
      disclosure: { method: 'EXACT' },
    });
  });

  it('takes a hub round and its survey points to the partner population of their places', async () => {
    const res = await route(`{ round(country: "PER", number: 4) {
      id countryLocation { pcode population }
      surveyPoints { code admin1 { pcode population } borderCountry { pcode population } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.round).toEqual({
      id: 'Round:PER-4',
      countryLocation: { pcode: 'PER', population: PARTNER_POPULATION.PER },
      surveyPoints: [
        { code: 'cebaf_tumbes', admin1: { pcode: 'PE24', population: PARTNER_POPULATION.PE24 }, borderCountry: { pcode: 'ECU', population: PARTNER_POPULATION.ECU } },
        { code: 'santa_rosa_tacna', admin1: { pcode: 'PE23', population: PARTNER_POPULATION.PE23 }, borderCountry: { pcode: 'CHL', population: PARTNER_POPULATION.CHL } },
      ],
    });
  });

  it('resolves a round the partner references by country and number', async () => {
    const res = await route('{ roundByNumber(country: "PER", number: 5) { id sampleSize countryLocation { population } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.roundByNumber).toEqual({ id: 'Round:PER-5', sampleSize: seedRows(5, 'respondents').length, countryLocation: { population: PARTNER_POPULATION.PER } });
  });

  it('refuses row-level fields to public callers through the router', async () => {
    const res = await route('{ placeProfile(pcode: "PER") { rounds { respondents(first: 1) { totalCount } } } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.message).toMatch(/^Round\.respondents is row-level data about refugees and migrants and needs a partner key/);
    expect(res.data?.placeProfile?.rounds ?? null).toBeNull();
  });

  it("passes a public caller's partial answer on with the hub's own FORBIDDEN message and the data of both subgraphs", async () => {
    // The hub answers a refused field with 200 and the data it has; a 403 would make the router
    // drop the hub's whole fetch as "403: Forbidden" and keep the message only in its details.
    const respondentId = `Respondent:PER-4:${seedRows(4, 'respondents')[0].respondent_id}`;
    const res = await route(`{ nodes(ids: ["Round:PER-4", "${respondentId}"]) { id ... on Round { countryLocation { population } } } }`);
    expect(res.data).toEqual({ nodes: [{ id: 'Round:PER-4', countryLocation: { population: PARTNER_POPULATION.PER } }, null] });
    expect(res.errors?.map((e) => [e.extensions?.code, (e as { path?: unknown[] }).path])).toEqual([['FORBIDDEN', ['nodes', 1]]]);
    expect(res.errors?.[0].message).toMatch(/^node\(id: "Respondent:PER-4:.+"\): a Respondent is row-level data about refugees and migrants and needs a partner key/);
  });

  it('serves row-level fields when the router forwards a partner key', async () => {
    const res = await route('{ placeProfile(pcode: "PER") { rounds { id respondents(first: 1) { totalCount } } } }', 'partner');
    expect(res.errors).toBeUndefined();
    expect(res.data!.placeProfile.rounds).toEqual(
      [4, 5].map((n) => ({ id: `Round:PER-${n}`, respondents: { totalCount: seedRows(n, 'respondents').length } })),
    );
  });
});
