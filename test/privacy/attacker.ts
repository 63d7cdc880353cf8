import { parse } from 'csv-parse/sync';
import { TestHub } from '../support/hub';

/**
 * The attacker of the privacy suite: a public caller who sees only what the API answers
 * (GraphQL through Apollo, or the CSV export over HTTP), plus the partner view (row level and
 * exact stats) that the tests use to know the truth. Nothing here reads the database or imports
 * the disclosure code, so the suite measures the hub from outside, before and after a change of
 * method.
 */

/**
 * Settings of the attacked hub: rate limits out of the way, since the suite measures what the
 * answers disclose and a patient attacker spreads the same requests over days anyway.
 */
export const ATTACK_ENV = { RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_COST_PER_MINUTE: '1000000000' };

/** A stats filter as GraphQL variables take it (enum names, booleans; a household filter nests its respondent filter). */
export type Filter = { [field: string]: string | number | boolean | Filter };

export type Caller = 'public' | 'partner';

/** Numeric fields of respondentStats the attacks read (the answer keeps every other field for shape checks). */
export interface MeasureAnswer {
  measure: string;
  n: number | null;
  mean: number | null;
  median: number | null;
  [field: string]: unknown;
}
export interface GroupAnswer {
  keys: { code: string | null; [field: string]: unknown }[];
  count: number | null;
  measures: MeasureAnswer[];
  [field: string]: unknown;
}
export interface StatsAnswer {
  total: number | null;
  groups: GroupAnswer[];
  [field: string]: unknown;
}

/** The stats queries the attacker asks, with their filter input type. */
export type StatsQuery = 'respondentStats' | 'householdStats' | 'childStats';
const FILTER_TYPE: Record<StatsQuery, string> = { respondentStats: 'RespondentFilter', householdStats: 'HouseholdFilter', childStats: 'ChildFilter' };

export interface StatsAsk {
  filter: Filter;
  groupBy?: string[];
  measures?: string[];
  /** The answer's language (labels and suggestion); the numbers must not depend on it. */
  lang?: 'EN' | 'ES';
}

/** One respondent as the partner view shows it: the truth the attacks are scored against. */
export interface Person {
  id: string;
  age: number;
  sex: string;
  surveyPoint: string;
  educationLevel: string | null;
  maritalStatus: string | null;
  reasonForLeaving: string | null;
  documentUsed: string | null;
  ptpStatus: string | null;
  destinationCountry: string | null;
  originState: string | null;
  employedBeforeLeaving: boolean | null;
  stayedOver30Days: boolean | null;
  workedInPeru: boolean | null;
  discriminated: boolean | null;
  tripCostUsd: number | null;
  monthlyIncomeUsd: number | null;
}

/** The value of a person a measure summarises, by the measure's enum name. */
export const MEASURE_VALUE: Record<string, (p: Person) => number | null> = {
  TRIP_COST_USD: (p) => p.tripCostUsd,
  MONTHLY_INCOME_USD: (p) => p.monthlyIncomeUsd,
  AGE: (p) => p.age,
};

/** HXL stems of the measures in the CSV export (docs/aggregation.md, Measures). */
export const MEASURE_HXL: Record<string, string> = {
  TRIP_COST_USD: '#indicator+trip_cost+usd+num',
  MONTHLY_INCOME_USD: '#indicator+income+usd+num',
  AGE: '#indicator+age+num',
};
export const COUNT_HXL = '#indicator+num+ind';

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface IntrospectedField {
  name: string;
  args: { type: { kind: string } }[];
  type: TypeRef;
}

const named = (t: TypeRef): TypeRef => (t.ofType ? named(t.ofType) : t);

/**
 * The selection set of every field the schema offers on the stats result (recursively), read by
 * introspection. The attacker asks for everything, so that a field added later (a flag, a noise
 * indicator) is part of what the shape check compares.
 */
async function statsSelection(t: TestHub): Promise<string> {
  return selectionOf(t, 'respondentStats');
}

/** The selection of every argument-free field under a root query field, by introspection. */
async function selectionOf(t: TestHub, rootField: string): Promise<string> {
  const res = await t.exec(`{
    __schema {
      queryType { fields { name type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } }
      types { name kind fields { name args { type { kind } }
        type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } }
    }
  }`);
  if (res.errors) throw new Error(`introspection failed: ${res.errors[0].message}`);
  const schema = res.data!.__schema;
  const types = new Map<string, { kind: string; fields: IntrospectedField[] | null }>(schema.types.map((x: any) => [x.name, x]));
  const root = (schema.queryType.fields as IntrospectedField[]).find((f) => f.name === rootField);
  if (!root) throw new Error(`the schema has no ${rootField} query`);
  const select = (typeName: string, depth: number, seen: Set<string>): string => {
    const fields = types.get(typeName)?.fields ?? [];
    const parts: string[] = [];
    for (const f of fields) {
      // Fields that need arguments are not part of "everything the answer offers".
      if (f.args.some((a) => a.type.kind === 'NON_NULL')) continue;
      const inner = named(f.type);
      const kind = types.get(inner.name!)?.kind;
      if (kind === 'OBJECT') {
        if (depth >= 4 || seen.has(inner.name!)) continue;
        parts.push(`${f.name} { ${select(inner.name!, depth + 1, new Set([...seen, inner.name!]))} }`);
      } else if (kind === 'SCALAR' || kind === 'ENUM') {
        parts.push(f.name);
      }
    }
    return parts.join(' ');
  };
  const typeName = named(root.type).name!;
  return select(typeName, 0, new Set([typeName]));
}

export class Attacker {
  private constructor(
    private readonly t: TestHub,
    private readonly selection: string,
  ) {}

  static async create(t: TestHub): Promise<Attacker> {
    return new Attacker(t, await statsSelection(t));
  }

  /** Runs several stats questions in one GraphQL operation (aliases), in process. */
  async statsBatch(asks: StatsAsk[], as: Caller = 'public', unit: StatsQuery = 'respondentStats'): Promise<StatsAnswer[]> {
    const filterType = FILTER_TYPE[unit];
    const vars: Record<string, unknown> = {};
    const decl: string[] = [];
    const fields = asks.map((a, i) => {
      vars[`f${i}`] = a.filter;
      vars[`g${i}`] = a.groupBy ?? [];
      vars[`m${i}`] = a.measures ?? [];
      vars[`l${i}`] = a.lang ?? null;
      decl.push(`$f${i}: ${filterType}, $g${i}: [StatsDimension!]!, $m${i}: [StatsMeasure!]!, $l${i}: Language`);
      return `q${i}: ${unit}(filter: $f${i}, groupBy: $g${i}, measures: $m${i}, lang: $l${i}) { ${this.selection} }`;
    });
    const query = `query Attack(${decl.join(', ')}) { ${fields.join('\n')} }`;
    let res = await this.t.exec(query, vars, as);
    // A hub at capacity says so (SERVER_BUSY, 503); an attacker simply asks again.
    for (let retry = 1; retry <= 5 && res.errors?.some((e) => e.extensions?.code === 'SERVER_BUSY'); retry++) {
      await new Promise((resolve) => setTimeout(resolve, 200 * retry));
      res = await this.t.exec(query, vars, as);
    }
    if (res.errors?.length) {
      throw new Error(`${unit} refused ${JSON.stringify(asks)}: ${res.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ')}`);
    }
    return asks.map((_a, i) => res.data![`q${i}`] as StatsAnswer);
  }

  async stats(ask: StatsAsk, as: Caller = 'public'): Promise<StatsAnswer> {
    return (await this.statsBatch([ask], as))[0];
  }

  /**
   * The place fields of a location (`Location.destinationRespondents` or `originRespondents`):
   * the same stats answer, by round, that a public caller gets through the gazetteer.
   */
  async place(pcode: string, field: 'destinationRespondents' | 'originRespondents', as: Caller = 'public'): Promise<StatsAnswer | null> {
    const res = await this.t.exec(`query Place($pcode: ID!) { location(pcode: $pcode) { ${field} { ${this.selection} } } }`, { pcode }, as);
    if (res.errors?.length) throw new Error(`${field} of ${pcode} refused: ${res.errors[0].message}`);
    return (res.data?.location?.[field] as StatsAnswer | undefined) ?? null;
  }

  /** The public disclosure policy, or null when the hub has none (before issue 20's rules). */
  async policy(): Promise<Record<string, unknown> | null> {
    const res = await this.t.exec(`{ __type(name: "Query") { fields { name } } }`);
    if (!res.data!.__type.fields.some((f: { name: string }) => f.name === 'disclosurePolicy')) return null;
    const sel = await selectionOf(this.t, 'disclosurePolicy');
    const answer = await this.t.exec(`{ disclosurePolicy { ${sel} } }`);
    if (answer.errors?.length) throw new Error(`disclosurePolicy refused: ${answer.errors[0].message}`);
    return answer.data!.disclosurePolicy;
  }

  /** Every respondent matching the filter, row level (partner key), paging 500 at a time. */
  async people(filter: Filter): Promise<Person[]> {
    const out: Person[] = [];
    let after: string | null = null;
    for (;;) {
      const res = await this.t.exec(
        `query People($filter: RespondentFilter, $after: String) {
          respondents(first: 500, after: $after, filter: $filter) {
            pageInfo { hasNextPage endCursor }
            edges { node { id age sex surveyPoint { code } educationLevel maritalStatus reasonForLeaving documentUsed ptpStatus
              destinationCountry originState { pcode } employedBeforeLeaving stayedOver30Days workedInPeru discriminated
              tripCostUsd monthlyIncomeUsd } }
          }
        }`,
        { filter, after },
        'partner',
      );
      if (res.errors?.length) throw new Error(`partner view refused: ${res.errors[0].message}`);
      const page = res.data!.respondents;
      for (const { node } of page.edges) {
        out.push({ ...node, surveyPoint: node.surveyPoint.code, originState: node.originState?.pcode ?? null });
      }
      if (!page.pageInfo.hasNextPage) return out;
      after = page.pageInfo.endCursor;
    }
  }
}

/** One row of a CSV export, by HXL hashtag; null for an empty cell. */
export type CsvRow = Map<string, string | null>;

/**
 * Downloads `/export/respondentStats.csv` for a filter as a public caller and returns its data
 * rows keyed by HXL hashtag (row 2 of the file), so that the attack does not depend on column order.
 */
export async function downloadStatsCsv(base: string, ask: StatsAsk, authorization?: string): Promise<CsvRow[]> {
  const rows = await downloadStatsCsvOrRefusal(base, ask, authorization);
  if (!Array.isArray(rows)) throw new Error(`CSV export answered ${rows.status}: ${rows.text.slice(0, 300)}`);
  return rows;
}

/**
 * The same download, but a refusal (403: a table the disclosure rules block) is returned as
 * `{ status, text }` instead of thrown: for a patient attacker it is an answer that gives nothing.
 */
export async function downloadStatsCsvOrRefusal(base: string, ask: StatsAsk, authorization?: string): Promise<CsvRow[] | { status: number; text: string }> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(ask.filter)) params.set(k, String(v));
  if (ask.groupBy?.length) params.set('groupBy', ask.groupBy.join(','));
  if (ask.measures?.length) params.set('measures', ask.measures.join(','));
  if (ask.lang) params.set('lang', ask.lang.toLowerCase());
  const get = () => fetch(`${base}/export/respondentStats.csv?${params}`, { headers: authorization ? { authorization } : {} });
  let res = await get();
  for (let retry = 1; retry <= 5 && res.status === 503; retry++) {
    await res.text();
    await new Promise((resolve) => setTimeout(resolve, 200 * retry));
    res = await get();
  }
  const text = await res.text();
  if (res.status === 403) return { status: res.status, text };
  if (res.status !== 200) throw new Error(`CSV export answered ${res.status} for ${params}: ${text.slice(0, 300)}`);
  const [, hxl, ...data] = parse(text, { bom: true, relax_column_count: true }) as string[][];
  return data.map((row) => new Map(hxl.map((tag, i) => [tag, row[i] === undefined || row[i] === '' ? null : row[i]])));
}

export const csvNumber = (row: CsvRow | undefined, tag: string): number | null => {
  const v = row?.get(tag);
  return v === null || v === undefined ? null : Number(v);
};

/** The one group of a stats answer without groupBy (null when the API did not list it). */
export const wholeGroup = (a: StatsAnswer): GroupAnswer | null => a.groups.find((g) => g.keys.length === 0) ?? null;

export const measureOf = (g: GroupAnswer | null, measure: string): MeasureAnswer | null => g?.measures.find((m) => m.measure === measure) ?? null;

/**
 * The differencing estimate of one person's value: n1 x mean1 - n2 x mean2 with the n the API
 * published (what an attacker has); null when any of the four is withheld.
 */
export function differenceOfSums(m1: { n: number | null; mean: number | null } | null, m2: { n: number | null; mean: number | null } | null): number | null {
  if (!m1 || !m2 || m1.n === null || m1.mean === null || m2.n === null || m2.mean === null) return null;
  return m1.n * m1.mean - m2.n * m2.mean;
}

/** "Recovered": an estimate within 1% of the person's true value (the issue's criterion). */
export function within1Percent(estimate: number | null, truth: number): boolean {
  if (estimate === null || !Number.isFinite(estimate)) return false;
  return Math.abs(estimate - truth) <= 0.01 * Math.abs(truth) + 1e-9;
}

/**
 * The answer with every number replaced by '#': what is left (which fields are null, flags,
 * labels, codes, list lengths) is what a caller could read besides the numbers.
 */
export function shapeOf(value: unknown): unknown {
  if (typeof value === 'number') return '#';
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  }
  return value;
}

/**
 * How much better than chance the non-numeric shape of the answers predicts whether a
 * difference was pinned: the accuracy of "guess the majority outcome of this shape" minus the
 * accuracy of "guess the overall majority". Shapes seen fewer than 3 times fall back to the
 * overall majority, so that a rare shape does not count as a tell by chance. 0 = the shape says
 * nothing; 1 = it always tells.
 */
export function shapeAdvantage(cases: { shape: string; pinned: boolean }[]): { advantage: number; shapes: number } {
  if (cases.length === 0) return { advantage: 0, shapes: 0 };
  const pinned = cases.filter((c) => c.pinned).length;
  const majority = Math.max(pinned, cases.length - pinned);
  const byShape = new Map<string, { pinned: number; other: number }>();
  for (const c of cases) {
    const s = byShape.get(c.shape) ?? { pinned: 0, other: 0 };
    if (c.pinned) s.pinned += 1;
    else s.other += 1;
    byShape.set(c.shape, s);
  }
  const overallGuess = pinned * 2 >= cases.length;
  let correct = 0;
  for (const s of byShape.values()) {
    const guessPinned = s.pinned + s.other >= 3 ? s.pinned >= s.other : overallGuess;
    correct += guessPinned ? s.pinned : s.other;
  }
  return { advantage: (correct - majority) / cases.length, shapes: byShape.size };
}

/** Outcomes of one attack over its targets. */
export class Tally {
  hits = 0;
  trials = 0;
  withheld = 0;

  constructor(readonly attack: string) {}

  /** `hit`: the attack succeeded on this target; `withheld`: the API published nothing usable. */
  record(hit: boolean, withheld = false): void {
    this.trials += 1;
    if (hit) this.hits += 1;
    if (withheld) this.withheld += 1;
  }

  get rate(): number {
    return this.trials === 0 ? 0 : this.hits / this.trials;
  }

  toString(): string {
    return `${this.attack}: ${this.hits}/${this.trials} = ${(100 * this.rate).toFixed(1)}% (withheld ${this.withheld})`;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The attack succeeded on fewer than `max` (a proportion) of at least `minTrials` targets. */
      toSucceedUnder(max: number, minTrials: number): R;
    }
  }
}

expect.extend({
  toSucceedUnder(received: Tally, max: number, minTrials: number) {
    const enough = received.trials >= minTrials;
    const pass = enough && received.rate < max;
    const target = `target: under ${(100 * max).toFixed(1)}% of at least ${minTrials} targets`;
    return {
      pass,
      message: () =>
        pass
          ? `${received}; expected it to reach ${(100 * max).toFixed(1)}%`
          : `${received}; ${target}${enough ? '' : ` (only ${received.trials} targets could be built)`}`,
    };
  },
});

/** Maps items through fn with at most `limit` calls in flight, results in item order. */
export async function inPool<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
