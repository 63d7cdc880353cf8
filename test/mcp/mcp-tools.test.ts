import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { OperationDefinitionNode, parse } from 'graphql';
import { seedRows } from '../support/csv';
import { PARTNER_KEY, startTestHub, TestHub } from '../support/hub';

const OPERATIONS_DIR = path.join(__dirname, '../../examples/operations');

/** The files marked `# mcp: <tool>`, read here with a regular expression, apart from the hub's reader. */
const marked = readdirSync(OPERATIONS_DIR)
  .filter((f) => f.endsWith('.graphql'))
  .flatMap((file) => {
    const source = readFileSync(path.join(OPERATIONS_DIR, file), 'utf8');
    const tool = /^# mcp: (\S+)$/m.exec(source)?.[1];
    return tool ? [{ file, tool, source, definition: parse(source).definitions[0] as OperationDefinitionNode }] : [];
  });

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'dtm-hub-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', url), { requestInit: { headers } }));
  return client;
}

async function graphql(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] };
}

const textOf = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
const call = async (client: Client, name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult;

const STATS_QUERY = `query($filter: RespondentFilter, $groupBy: [StatsDimension!]!, $lang: Language) {
  respondentStats(filter: $filter, groupBy: $groupBy, lang: $lang) {
    total unlistedCount groups { keys { dimension code label } count share ci95 { low high } }
    disclosure { status method failedRules suggestion }
  }
}`;

describe('MCP: tools, resources and the prompt over Streamable HTTP', () => {
  let t: TestHub;
  let url: string;
  let client: Client;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4], env: { MCP_ENABLED: 'true' } });
    url = await t.listen();
    client = await connect(url);
  });
  afterAll(async () => {
    await client?.close();
    await t?.close();
  });

  it('lists one tool per operation file marked `# mcp:`, and stats, each described in English and Spanish', async () => {
    expect(marked.length).toBeGreaterThanOrEqual(8);
    const { tools } = await client.listTools();
    expect(tools.map((x) => x.name).sort()).toEqual([...marked.map((m) => m.tool), 'stats'].sort());
    for (const tool of tools) {
      expect([tool.name, tool.description?.includes('\n\nES: ')]).toEqual([tool.name, true]);
      expect([tool.name, tool.annotations?.readOnlyHint]).toEqual([tool.name, true]);
    }
    for (const m of marked) {
      const tool = tools.find((x) => x.name === m.tool)!;
      const variables = (m.definition.variableDefinitions ?? []).map((v) => v.variable.name.value);
      expect([m.tool, Object.keys(tool.inputSchema.properties ?? {}).sort()]).toEqual([m.tool, [...variables].sort()]);
    }
  });

  it('derives argument types, enums and defaults from the operation variables', async () => {
    const { tools } = await client.listTools();
    const series = tools.find((x) => x.name === 'flow_series')!.inputSchema.properties as Record<string, any>;
    expect(series.indicator.enum).toContain('MIGRATORY_BALANCE');
    expect(series.indicator.default).toBe('MIGRATORY_BALANCE');
    expect(series.country).toMatchObject({ type: 'string', default: 'PER' });
    const overview = tools.find((x) => x.name === 'round_overview')!.inputSchema.properties as Record<string, any>;
    expect(overview.number).toMatchObject({ type: 'integer', default: 4 });
    expect(overview.number.description).toMatch(/GraphQL type Int!/);
  });

  it.each(marked.map((m) => [m.tool, m] as const))('answers %s with the data the same GraphQL operation answers over HTTP', async (_tool, m) => {
    const [result, expected] = await Promise.all([call(client, m.tool), graphql(url, m.source)]);
    expect(expected.errors).toBeUndefined();
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(textOf(result))).toEqual(expected.data);
    expect(result.structuredContent).toEqual(expected.data);
    // Public: no row-level object appears in any answer.
    expect(textOf(result)).not.toMatch(/"(Respondent|Household|Child):/);
  });

  it('passes arguments as the operation variables', async () => {
    const result = await call(client, 'round_overview', { country: 'PER', number: 4 });
    const expected = await graphql(url, marked.find((m) => m.tool === 'round_overview')!.source, { country: 'PER', number: 4 });
    expect(JSON.parse(textOf(result))).toEqual(expected.data);
    const respondents = seedRows(4, 'respondents');
    expect(expected.data!.round.sampleSize).toBe(respondents.length);
  });

  it('answers stats with the numbers of respondentStats, its disclosure status and the caveats of the rounds counted', async () => {
    const result = await call(client, 'stats', { unit: 'RESPONDENT', filter: { country: 'PER', round: 4 }, groupBy: ['SEX'] });
    expect(result.isError).toBeFalsy();
    const answer = JSON.parse(textOf(result));
    const expected = await graphql(url, STATS_QUERY, { filter: { country: 'PER', round: 4 }, groupBy: ['SEX'] });
    expect(answer.stats).toMatchObject(expected.data!.respondentStats);
    expect(answer.stats.disclosure).toMatchObject({ status: 'PUBLISHED', method: 'CELL_KEY' });
    expect(answer.rounds).toEqual([expect.objectContaining({ country: 'PER', number: 4, dataKind: 'SYNTHETIC_CALIBRATED' })]);
    expect(answer.caveats.join('\n')).toMatch(/SYNTHETIC_CALIBRATED/);
    expect(answer.caveats.join('\n')).toMatch(/cell-key/);
    expect(answer.caveats.join('\n')).toMatch(/95% Wilson interval/);
    // Every figure a caveat quotes is known (a null unlisted count is "fewer than the threshold").
    expect(answer.caveats.join('\n')).not.toContain('?');
  });

  it('answers stats in Spanish when asked', async () => {
    const result = await call(client, 'stats', { unit: 'RESPONDENT', filter: { round: 4 }, groupBy: ['SEX'], language: 'es' });
    const answer = JSON.parse(textOf(result));
    const expected = await graphql(url, STATS_QUERY, { filter: { round: 4 }, groupBy: ['SEX'], lang: 'ES' });
    expect(answer.stats.groups.map((g: any) => g.keys[0].label)).toEqual(expected.data!.respondentStats.groups.map((g: any) => g.keys[0].label));
    expect(answer.caveats.join('\n')).toMatch(/intervalo de Wilson/);
  });

  it('gives a partner key exact counts, as GraphQL does, and a public caller perturbed ones', async () => {
    const partner = await connect(url, { authorization: `Bearer ${PARTNER_KEY}` });
    try {
      const answer = JSON.parse(textOf(await call(partner, 'stats', { unit: 'RESPONDENT', filter: { round: 4 }, groupBy: ['SEX'] })));
      const rows = seedRows(4, 'respondents');
      expect(answer.stats.disclosure.method).toBe('EXACT');
      expect(answer.stats.total).toBe(rows.length);
      const female = answer.stats.groups.find((g: any) => g.keys[0].code === 'female');
      expect(female.count).toBe(rows.filter((r) => r.sex === 'female').length);
      expect(answer.caveats.join('\n')).not.toMatch(/cell-key/);
    } finally {
      await partner.close();
    }
  });

  it('refuses a wrong partner key when connecting, saying why (as /graphql answers 401)', async () => {
    await expect(connect(url, { authorization: 'Bearer not-a-key-of-this-hub-0000' })).rejects.toThrow(/401|not valid/);
  });

  it('answers a table BLOCKED by disclosure control with a tool error naming the rules and what to ask instead', async () => {
    const filter = { round: 4, sex: 'FEMALE', educationLevel: 'SECONDARY', ptpStatus: 'NOT_APPLYING', discriminated: true };
    const expected = await graphql(url, STATS_QUERY, { filter, groupBy: ['AGE_BAND'] });
    expect(expected.data!.respondentStats.disclosure.status).toBe('BLOCKED');
    const result = await call(client, 'stats', { unit: 'RESPONDENT', filter, groupBy: ['AGE_BAND'] });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('BLOCKED');
    for (const rule of expected.data!.respondentStats.disclosure.failedRules) expect(textOf(result)).toContain(rule);
    expect(textOf(result)).not.toMatch(/"count"/);
  });

  it('answers bad arguments with a tool error naming the argument and what is allowed', async () => {
    const notForUnit = await call(client, 'stats', { unit: 'RESPONDENT', groupBy: ['CHILD_STATUS'] });
    expect(notForUnit.isError).toBe(true);
    expect(textOf(notForUnit)).toMatch(/BAD_USER_INPUT: groupBy/);
    const foreignFilter = await call(client, 'stats', { unit: 'RESPONDENT', filter: { status: 'TRAVELLING' } });
    expect(textOf(foreignFilter)).toMatch(/filter\.status does not apply to unit RESPONDENT; its filter fields are country, round/);
    const tooMany = await call(client, 'stats', { unit: 'RESPONDENT', groupBy: ['SEX', 'AGE_BAND', 'SURVEY_POINT', 'ROUND'] });
    expect(tooMany.isError).toBe(true);
    expect(textOf(tooMany)).toMatch(/groupBy/);
    const wrongType = await call(client, 'round_overview', { number: 'four' });
    expect(wrongType.isError).toBe(true);
    expect(textOf(wrongType)).toMatch(/number/);
  });

  it('serves the schema without federation internals, the disclosure-control doc and the data kinds', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.name).sort()).toEqual(['data-kinds', 'disclosure-control', 'schema']);
    const read = async (name: string) => {
      const r = await client.readResource({ uri: resources.find((x) => x.name === name)!.uri });
      return String((r.contents[0] as { text: string }).text);
    };
    const sdl = await read('schema');
    expect(sdl).toMatch(/type Query \{/);
    expect(sdl).toMatch(/respondentStats\(/);
    expect(sdl).not.toMatch(/_entities|_service|@link/);
    expect(await read('disclosure-control')).toBe(readFileSync(path.join(__dirname, '../../docs/aggregation.md'), 'utf8'));
    expect(await read('data-kinds')).toMatch(/SYNTHETIC_CALIBRATED.*not IOM microdata/i);
  });

  it('offers a prompt that has the model check coverage and caveats before answering', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['answer-with-dtm-data']);
    const prompt = await client.getPrompt({ name: 'answer-with-dtm-data', arguments: { question: '¿Cuántas mujeres?' } });
    const text = (prompt.messages[0].content as { text: string }).text;
    const first = marked.some((m) => m.tool === 'coverage') ? 'coverage' : 'rounds';
    expect(text).toContain(`First call \`${first}\``);
    expect(text).toMatch(/caveats/);
    expect(text).toMatch(/Never add up/);
    expect(text).toContain('¿Cuántas mujeres?');
  });

  it('answers GET and DELETE on /mcp with 405: the endpoint is stateless', async () => {
    const res = await fetch(`${url}/mcp`, { headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});

describe('MCP: the same limits as GraphQL, per client', () => {
  let t: TestHub;
  let url: string;
  beforeAll(async () => {
    t = await startTestHub({
      rounds: [4],
      // One proxy hop: each test client is told apart by its X-Forwarded-For address.
      env: { MCP_ENABLED: 'true', TRUST_PROXY_HOPS: '1', RATE_LIMIT_PER_MINUTE: '12', RATE_LIMIT_COST_PER_MINUTE: '700', MAX_QUERY_COMPLEXITY: '500' },
    });
    url = await t.listen();
  });
  afterAll(() => t?.close());

  const as = (address: string) => ({ 'x-forwarded-for': address });

  it('refuses a call over MAX_QUERY_COMPLEXITY with the cost and the limit', async () => {
    const client = await connect(url, as('203.0.113.10'));
    try {
      // Measured: about 880 for this table, about 210 for one dimension.
      const result = await call(client, 'stats', { unit: 'RESPONDENT', groupBy: ['EDUCATION', 'ORIGIN_STATE', 'DESTINATION_REGION'] });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/BAD_USER_INPUT: Query cost [\d,]+ is over the limit of 500 per operation/);
    } finally {
      await client.close();
    }
  });

  it("charges each call to the client's cost budget, shared with its GraphQL requests, and refuses past it", async () => {
    const client = await connect(url, as('203.0.113.1'));
    try {
      let refused: CallToolResult | undefined;
      // A different table each time: a cached answer costs only the request floor, as over GraphQL.
      for (const dimension of ['SEX', 'AGE_BAND', 'EDUCATION', 'MARITAL_STATUS', 'DIRECTION', 'PTP_STATUS', 'DOCUMENT_USED', 'DISCRIMINATED']) {
        if (refused) break;
        const result = await call(client, 'stats', { unit: 'RESPONDENT', filter: { round: 4 }, groupBy: [dimension] });
        if (result.isError) refused = result;
      }
      expect(refused && textOf(refused)).toMatch(/^RATE_LIMITED: Too much work asked: .* cost points a minute remain/);
      // The same client over GraphQL has no budget left either.
      const gql = await graphql(url, STATS_QUERY, { filter: { round: 4 }, groupBy: ['SEX'] }, as('203.0.113.1'));
      expect(gql.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
      // Another client is served.
      const other = await connect(url, as('203.0.113.2'));
      const served = await call(other, 'stats', { unit: 'RESPONDENT', filter: { round: 4 }, groupBy: ['SEX'] });
      await other.close();
      expect(served.isError).toBeFalsy();
    } finally {
      await client.close();
    }
  });

  it("counts every MCP request against the client's request limit and refuses past it with the reason", async () => {
    const client = await connect(url, as('203.0.113.3'));
    let error: unknown;
    try {
      for (let i = 0; i < 15 && !error; i++) await client.listTools().catch((e: unknown) => (error = e));
    } finally {
      await client.close().catch(() => undefined);
    }
    expect(String(error)).toMatch(/Too many requests: at most 12 a minute from one client/);
  });
});

describe('MCP: off by default', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t?.close());

  it('answers /mcp with the JSON 404 of an unknown endpoint when MCP_ENABLED is not true', async () => {
    const url = await t.listen();
    const res = await fetch(`${url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
