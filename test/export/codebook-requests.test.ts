import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURE } from '../aggregation/fixture-rows';
import { startTestHub, TestHub } from '../support/hub';
import { ddi, getCodebook, validateDdi, xmlFile, xpath } from './codebook-support';

/** Text the hub did not write, with every character XML gives a meaning to. */
const ODD_NAME = `Ronda <90> & "prueba" de 'escape' — ñ`;

/** The small hand-made round of the aggregation tests (small cells, nulls, multi-selects), renamed with ODD_NAME. */
function oddRound(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codebook-round-'));
  for (const f of fs.readdirSync(FIXTURE)) fs.copyFileSync(path.join(FIXTURE, f), path.join(dir, f));
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'round.json'), 'utf8'));
  fs.writeFileSync(path.join(dir, 'round.json'), JSON.stringify({ ...meta, name: ODD_NAME }));
  return dir;
}

const BUDGET = 60_000;

/** A cheap GraphQL request whose answer reports what is left of the client's cost budget. */
async function remaining(base: string, client: string): Promise<number> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return ((await res.json()) as { extensions: { cost: { remainingThisMinute: number } } }).extensions.cost.remainingThisMinute;
}

describe('Codebook: requests, refusals and cost', () => {
  let t: TestHub;
  let base: string;
  beforeAll(async () => {
    t = await startTestHub({
      rounds: [4],
      bundles: [oddRound()],
      // No response cache: every codebook runs its stats queries and is charged their cost.
      env: { RATE_LIMIT_COST_PER_MINUTE: String(BUDGET), RATE_LIMIT_PER_MINUTE: '1000', TRUST_PROXY_HOPS: '1', RESPONSE_CACHE_MAX_AGE: '0' },
    });
    base = await t.listen();
  }, 120_000);
  afterAll(() => t.close());

  async function refusal(file: string, headers: Record<string, string> = {}) {
    const { res, text } = await getCodebook(base, file, 'public', headers);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = JSON.parse(text) as { errors: { message: string; extensions: { code: string } }[] };
    return { status: res.status, code: body.errors[0].extensions.code, message: body.errors[0].message };
  }

  it('answers an unknown round with a 404 JSON error that names it, the rounds there are and how to list them', async () => {
    for (const file of ['PER-99.xml', 'Round:PER-99.json']) {
      expect(await refusal(file)).toEqual({
        status: 404,
        code: 'NOT_FOUND',
        message: 'roundId: no round "Round:PER-99". The hub holds Round:PER-4, Round:PER-90; list them with the GraphQL query `{ rounds { id } }`.',
      });
    }
  });

  it('refuses an id that is no round id with a 400 naming the value and the forms allowed', async () => {
    for (const [file, shown] of [
      ['respondents.xml', 'respondents'],
      ['Respondent:PER-4:r4-00001.json', 'Respondent:PER-4:r4-00001'],
      ['PER-0.xml', 'PER-0'],
    ]) {
      const r = await refusal(file);
      expect(r.status).toBe(400);
      expect(r.code).toBe('BAD_USER_INPUT');
      expect(r.message).toContain(`roundId: "${shown}" is not a round id; expected \`Round:<ISO3>-<number>\` or \`<ISO3>-<number>\``);
    }
    // A long value is quoted cut, not echoed whole.
    const long = await refusal(`${'x'.repeat(5000)}.xml`);
    expect(long.status).toBe(400);
    expect(long.message).toMatch(/^roundId: "x{100}…" \(4,?900 more characters\) is not a round id/);
  });

  it('refuses a format other than xml and json, a bad lang and unknown parameters, naming what is allowed', async () => {
    expect(await refusal('PER-4.csv')).toEqual({
      status: 404,
      code: 'NOT_FOUND',
      message:
        'No codebook "PER-4.csv": the codebooks are GET /codebook/{roundId}.xml (DDI Codebook 2.5) or /codebook/{roundId}.json?lang=en|es (NADA), e.g. /codebook/Round:PER-4.xml.',
    });
    expect(await refusal('PER-4.json?lang=fr')).toEqual({ status: 400, code: 'BAD_USER_INPUT', message: 'lang: "fr" is not allowed; expected en or es.' });
    expect(await refusal('PER-4.json?groupBy=SEX')).toEqual({ status: 400, code: 'BAD_USER_INPUT', message: 'Unknown parameter "groupBy". Allowed: lang (en or es).' });
    expect(await refusal('PER-4.xml?lang=es')).toEqual({
      status: 400,
      code: 'BAD_USER_INPUT',
      message: 'Unknown parameter "lang". The XML codebook takes no parameter: it holds English and Spanish.',
    });
  });

  it('escapes text it did not write, and stays valid DDI where small cells are withheld', async () => {
    for (const as of ['public', 'partner'] as const) {
      const { res, text } = await getCodebook(base, 'PER-90.xml', as);
      expect(res.status).toBe(200);
      const file = xmlFile(`PER-90-${as}.xml`, text);
      expect(validateDdi(file).ok).toBe(true);
      expect(xpath(file, `string(//${ddi('titl')})`)).toBe(ODD_NAME);
    }
    const json = JSON.parse((await getCodebook(base, 'PER-90.json')).text) as { study_desc: { title_statement: { title: string } } };
    expect(json.study_desc.title_statement.title).toBe(ODD_NAME);
  });

  it('answers another method with 405 and the methods allowed', async () => {
    const res = await fetch(`${base}/codebook/PER-4.xml`, { method: 'POST' });
    expect([res.status, res.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('refuses an invalid partner key with 401 instead of answering as the public', async () => {
    const r = await refusal('PER-4.xml', { authorization: 'Bearer not-a-key' });
    expect([r.status, r.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it("charges the stats queries' cost to the client's budget, and refuses with 429 and Retry-After once it is spent", async () => {
    const client = '198.51.100.7';
    const before = await remaining(base, client);
    const first = await getCodebook(base, 'PER-4.xml', 'public', { 'x-forwarded-for': client });
    expect(first.res.status).toBe(200);
    const after = await remaining(base, client);
    // What one codebook cost (the second cheap request costs its floor too, included here).
    const cost = before - after;
    // One stats statement is at least 10 points, and a codebook runs one per unit and per question with a dimension or measure.
    expect(cost).toBeGreaterThan(40 * 10);
    expect(cost).toBeLessThan(BUDGET / 2);
    const replies = [];
    for (let i = 0; i < Math.ceil(BUDGET / cost) + 1; i++) {
      const r = await getCodebook(base, 'PER-4.json', 'public', { 'x-forwarded-for': client });
      replies.push({ status: r.res.status, retryAfter: r.res.headers.get('retry-after'), text: r.text });
      if (r.res.status !== 200) break;
    }
    const refused = replies[replies.length - 1];
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe('RATE_LIMITED');
    // Another client is not affected.
    expect((await getCodebook(base, 'PER-4.json', 'public', { 'x-forwarded-for': '198.51.100.8' })).res.status).toBe(200);
    console.log(`one codebook of PER-4 cost ${cost} points`);
  }, 120_000);
});
