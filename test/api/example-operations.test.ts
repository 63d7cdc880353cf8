import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Kind, OperationDefinitionNode, parse, validate } from 'graphql';
import {
  MigratoryBalanceDocument,
  PublishedFiguresDocument,
  RespondentExportDocument,
  RespondentExportQuery,
  RoundRespondentsDocument,
  RoundsDocument,
} from '../../examples/client-ts/generated/graphql';
import { buildHubSchema } from '../../src/schema/build-schema';
import { SEEDS_DIR } from '../../src/provisioning/seed-database';
import { publishedFigures, seedRows } from '../support/csv';
import { GqlResult, startTestHub, TestHub } from '../support/hub';

const ROOT = path.join(__dirname, '../..');
const OPERATIONS_DIR = path.join(ROOT, 'examples', 'operations');

interface ExampleOperation {
  file: string;
  /** The operation as written, without its leading comment lines. */
  text: string;
  /** Marked `# needs: partner`: it reads row-level data. */
  needsPartner: boolean;
  definition: OperationDefinitionNode;
}

function readOperations(): ExampleOperation[] {
  return readdirSync(OPERATIONS_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((file) => {
      const source = readFileSync(path.join(OPERATIONS_DIR, file), 'utf8');
      const lines = source.split('\n');
      const firstCode = lines.findIndex((l) => !l.startsWith('#'));
      const definitions = parse(source).definitions;
      return {
        file,
        text: lines.slice(firstCode).join('\n').trim(),
        needsPartner: lines.slice(0, firstCode).some((l) => /^#\s*needs:\s*partner\s*$/.test(l)),
        definition: definitions[0] as OperationDefinitionNode,
      };
    });
}

const operations = readOperations();
const operation = (file: string) => operations.find((o) => o.file === file)!.text;

/** `RespondentsByPointAndSex` → `respondents-by-point-and-sex`. */
const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

/**
 * True when the answer holds rows: every top-level field is non-null and, at the shallowest depth
 * where the answer has lists, at least one of them is non-empty (an empty series or connection
 * would pass "no errors" while showing a partner nothing).
 */
function hasData(data: Record<string, unknown> | null | undefined): boolean {
  if (!data || Object.values(data).some((v) => v === null || v === undefined)) return false;
  let level: unknown[] = Object.values(data);
  while (level.length > 0) {
    const lists = level.filter(Array.isArray) as unknown[][];
    if (lists.length > 0) return lists.some((l) => l.length > 0);
    level = level.flatMap((v) => (v && typeof v === 'object' ? Object.values(v) : []));
  }
  return true;
}

describe('Examples: the operation files partners copy', () => {
  it('holds one named operation per file, named after the file', () => {
    expect(operations.length).toBeGreaterThanOrEqual(12);
    for (const op of operations) {
      const definitions = parse(readFileSync(path.join(OPERATIONS_DIR, op.file), 'utf8')).definitions;
      expect([op.file, definitions.length, definitions[0].kind]).toEqual([op.file, 1, Kind.OPERATION_DEFINITION]);
      expect([op.file, `${kebab(op.definition.name?.value ?? '(anonymous)')}.graphql`]).toEqual([op.file, op.file]);
    }
  });

  it('validates every operation against the schema', async () => {
    const schema = await buildHubSchema();
    for (const op of operations) {
      expect([op.file, validate(schema, parse(op.text)).map((e) => e.message)]).toEqual([op.file, []]);
    }
  });

  it('shows each operation the README quotes exactly as its file has it', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const quoted = [...readme.matchAll(/```graphql\n# examples\/operations\/([\w-]+\.graphql)\n([\s\S]*?)```/g)];
    expect(quoted.length).toBeGreaterThanOrEqual(5);
    for (const [, file, body] of quoted) {
      expect([file, body.trim()]).toEqual([file, operation(file)]);
    }
  });

  it('names every operation file in the README', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const op of operations) expect([op.file, readme.includes(`examples/operations/${op.file}`)]).toEqual([op.file, true]);
  });
});

describe('Examples: every operation file answers against the seeded hub', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub({ rounds: 'all' });
  });
  afterAll(() => t.close());

  it.each(operations.map((op) => [op.file, op] as const))('answers %s with data and no errors', async (_file, op) => {
    const res = await t.exec(op.text, undefined, op.needsPartner ? 'partner' : 'public');
    expect(res.errors).toBeUndefined();
    expect(hasData(res.data)).toBe(true);
  });

  it.each(operations.filter((op) => op.needsPartner).map((op) => [op.file, op] as const))(
    'refuses %s to a public caller, so its `# needs: partner` mark is true',
    async (_file, op) => {
      const res = await t.exec(op.text);
      expect(res.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN');
    },
  );

  it('lists the Peru rounds with their sample sizes and survey points', async () => {
    const res = await t.execDocument(RoundsDocument);
    expect(res.errors).toBeUndefined();
    const rounds = res.data!.rounds;
    expect(rounds.map((r) => r.number)).toEqual([2, 3, 4, 5, 6]);
    for (const r of rounds) {
      const rows = seedRows(r.number, 'respondents');
      expect(r.sampleSize).toBe(rows.length);
      expect(r.dataKind).toBe('SYNTHETIC_CALIBRATED');
      for (const p of r.surveyPoints) expect(p.sampleSize).toBe(rows.filter((x) => x.survey_point === p.code).length);
    }
    const r4 = rounds.find((r) => r.number === 4)!;
    const published = (breakdown: string) =>
      publishedFigures().find((f) => f.round === 4 && f.indicator === 'sample_size' && f.breakdown === breakdown)!.value;
    expect(r4.sampleSize).toBe(published('total, Tumbes + Santa Rosa (Tacna)'));
    expect(r4.surveyPoints.find((p) => p.code === 'cebaf_tumbes')!.sampleSize).toBe(published('Tumbes (CEBAF)'));
    expect(r4.surveyPoints.find((p) => p.code === 'santa_rosa_tacna')!.sampleSize).toBe(published('Santa Rosa, Tacna'));
  });

  it('pages the respondents of round 4 with their survey point, household and children', async () => {
    const res = await t.execDocument(RoundRespondentsDocument, undefined, 'partner');
    expect(res.errors).toBeUndefined();
    const conn = res.data!.round!.respondents;
    const respondents = seedRows(4, 'respondents');
    expect(conn.totalCount).toBe(respondents.length);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    expect(typeof conn.pageInfo.endCursor).toBe('string');
    expect(conn.edges).toHaveLength(2);
    const households = seedRows(4, 'households');
    const children = seedRows(4, 'children');
    const firstTwo = [...respondents].sort((a, b) => (a.respondent_id < b.respondent_id ? -1 : 1)).slice(0, 2);
    conn.edges.forEach((edge, i) => {
      const raw = firstTwo[i];
      expect(edge.node.id).toBe(`Respondent:PER-4:${raw.respondent_id}`);
      expect(edge.node.sex).toBe(raw.sex.toUpperCase());
      expect(edge.node.age).toBe(Number(raw.age));
      expect(edge.node.surveyPoint.code).toBe(raw.survey_point);
      const hh = households.find((h) => h.respondent_id === raw.respondent_id)!;
      expect(edge.node.household?.travellingSize).toBe(Number(hh.travelling_size));
      const kids = children.filter((c) => c.household_id === hh.household_id);
      expect(edge.node.household?.children).toHaveLength(kids.length);
    });
  });

  it('pages through every respondent of round 4 with the export operation, each exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      // Annotated: the cursor of the next call comes from this answer, which TypeScript cannot infer in a loop.
      const res: GqlResult<RespondentExportQuery> = await t.execDocument(RespondentExportDocument, { after }, 'partner');
      expect(res.errors).toBeUndefined();
      const page = res.data!.respondents;
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const expected = seedRows(4, 'respondents').map((r) => `Respondent:PER-4:${r.respondent_id}`).sort();
    expect([...seen].sort()).toEqual(expected);
  });

  it('serves the SNM migratory balance with its period and source', async () => {
    const res = await t.execDocument(MigratoryBalanceDocument);
    expect(res.errors).toBeUndefined();
    const stats = res.data!.flowStatistics;
    const balance = stats.find((s) => s.referencePeriodStart === '2017-01-01' && s.referencePeriodEnd === '2018-10-31')!;
    expect(balance.value).toBe(530731);
    expect(balance.publisher).toBe('SNM');
    const netBalances = publishedFigures().filter((f) => f.indicator === 'snm_net_balance').map((f) => f.value);
    expect(stats.map((s) => s.value).sort()).toEqual([530731, ...netBalances].sort());
  });

  it('serves the official figures of the Round 4 introduction as flow statistics', async () => {
    // Expected values are read from the report's own introduction text.
    const intro = readFileSync(path.join(SEEDS_DIR, 'reference', 'dtm-peru-round4-introduction.txt'), 'utf8');
    const number = (re: RegExp) => Number(re.exec(intro)![1].replace(/,/g, ''));
    const issued = number(/total of ([\d,]+) Venezuelans have issued/);
    const inProcess = number(/there are ([\d,]+) people with the PTP in the application process/);
    const balance = number(/migratory balance of ([\d,]+) people/);
    const ptp = await t.exec('{ flowStatistics(filter: { country: "PER", from: "2018-11-12", to: "2018-11-12" }) { indicator value asOf } }');
    expect(ptp.errors).toBeUndefined();
    expect(ptp.data!.flowStatistics).toEqual([
      { indicator: 'PTP_IN_PROCESS', value: inProcess, asOf: '2018-11-12' },
      { indicator: 'PTP_ISSUED', value: issued, asOf: '2018-11-12' },
    ]);
    const bal = await t.exec('{ flowStatistics(filter: { indicator: MIGRATORY_BALANCE, from: "2018-10-31", to: "2018-10-31" }) { value } }');
    expect(bal.data!.flowStatistics).toEqual([{ value: balance }]);
    const abroad = await t.exec(
      '{ flowStatistics(filter: { indicator: VENEZUELANS_ABROAD, from: "2018-09-30", to: "2018-09-30" }) { value country publisher } }',
    );
    expect(abroad.data!.flowStatistics).toEqual([{ value: Math.round(number(/around ([\d.]+) million/) * 1e6), country: 'VEN', publisher: 'IOM' }]);
  });

  it('serves every published figure of round 4 with its confidence and source', async () => {
    const res = await t.execDocument(PublishedFiguresDocument);
    expect(res.errors).toBeUndefined();
    const expected = publishedFigures().filter((f) => f.round === 4);
    const got = res.data!.publishedFigures.map(({ indicator, breakdown, value, unit, confidence, sourceUrl }) => ({
      indicator,
      breakdown,
      value,
      unit,
      confidence,
      sourceUrl,
    }));
    expect(got).toEqual(
      expected.map((f) => ({
        indicator: f.indicator,
        breakdown: f.breakdown,
        value: f.value,
        unit: f.unit,
        confidence: f.confidence.toUpperCase(),
        sourceUrl: f.source_url,
      })),
    );
  });

  it('gives text and date figures a value: the fieldwork period as text, the release as a date', async () => {
    const res = await t.execDocument(PublishedFiguresDocument);
    const figures = res.data!.publishedFigures;
    const reference = (indicator: string) => publishedFigures().find((f) => f.round === 4 && f.indicator === indicator)!;
    const fieldwork = figures.find((f) => f.indicator === 'fieldwork_period')!;
    expect(fieldwork).toMatchObject({ value: null, valueText: reference('fieldwork_period').denominator_note, valueDate: null });
    expect(fieldwork.valueText).toBe('September-October 2018');
    const release = figures.find((f) => f.indicator === 'results_release_date')!;
    // "18 Dec 2018 ('this week (18/12)')" in the reference file, read by hand.
    expect(release).toMatchObject({ value: null, valueText: reference('results_release_date').denominator_note, valueDate: '2018-12-18' });
    for (const f of figures.filter((x) => x.value !== null)) expect([f.indicator, f.valueText, f.valueDate]).toEqual([f.indicator, null, null]);
  });
});
