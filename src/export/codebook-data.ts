import { DIMENSIONS, StatsDimension } from '../aggregation/dimensions';
import { quote } from '../common/quote';
import { MEASURES, StatsMeasure } from '../aggregation/measures';
import { question as questionOf, questionsOf } from '../questionnaire/registry';
import { questionKey, type Question } from '../questionnaire/question';
import { text, YES_NO_LABELS, type Text } from '../questionnaire/text';
import { UNIT_DECLARATIONS, UNIT_NAMES, type UnitName } from '../questionnaire/units';
import type { RoundMeta } from '../import/round-meta';

/**
 * The codebook of a round (docs/codebook.md): one file per unit, one variable per question of the
 * unit's sheet, in the registry's order, with frequencies and summary statistics from the stats
 * queries. The DDI (codebook-ddi.ts) and NADA (codebook-nada.ts) documents are two writings of
 * this model. Everything about a variable except its counts comes from the questionnaire
 * registry, so a new question appears here without an edit.
 */

/** A round as its bundle's round.json describes it (import/round-meta.ts), named by its global id. */
export interface CodebookRound extends Omit<RoundMeta, 'id' | 'surveyPoints'> {
  /** Global id, e.g. `Round:PER-4`. */
  id: string;
}

export interface CodebookCategory {
  code: string;
  /** Labels of a closed code (both languages); null for open codes (places, countries). */
  label: Text | null;
  /** The gazetteer's name of an open code, as the stats answer gives it. */
  name: string | null;
  /** Units with this answer; null when disclosure control withholds it (public callers). */
  freq: number | null;
}

export interface CodebookSummary {
  /** Units with an answer. */
  valid: number | null;
  /** Units with no answer. */
  missing: number | null;
  mean: number | null;
  median: number | null;
  min: number | null;
  max: number | null;
}

export interface CodebookVar {
  /** Unique in the codebook and an XML name: `<sheet>.<column>`. */
  id: string;
  /** The bundle column, which is also the question's code. */
  name: string;
  fileId: string;
  unit: UnitName;
  label: Text;
  /** What the question asks, as the registry describes it (English). */
  questionText: string | null;
  universe: Text;
  answerKind: Question['answer']['kind'];
  interval: 'discrete' | 'contin';
  format: 'numeric' | 'character';
  isDate: boolean;
  range: { min: number; max?: number } | null;
  multiSelect: boolean;
  /** The stats dimension its categories are counted with, and the measure its statistics come from. */
  dimension: StatsDimension | null;
  measure: StatsMeasure | null;
  categories: CodebookCategory[];
  summary: CodebookSummary;
  /** Units (or, multi-select, answers) in categories a public answer does not list; 0 for partners. */
  unlisted: number | null;
  /** The disclosure rules' verdict on its table (PUBLISHED, PARTIAL, BLOCKED). */
  status: string | null;
}

export interface CodebookFile {
  /** The sheet, e.g. `respondents`. */
  id: string;
  fileName: string;
  unit: UnitName;
  noun: Text;
  description: string;
  /** Units of the round (perturbed for public callers). */
  cases: number | null;
  varCount: number;
}

export interface CodebookDisclosure {
  /** EXACT (partner key) or CELL_KEY (public). */
  method: string;
  threshold: number | null;
  medianThreshold: number | null;
  maxPerturbation: number;
}

export interface Codebook {
  round: CodebookRound;
  files: CodebookFile[];
  vars: CodebookVar[];
  disclosure: CodebookDisclosure;
}

/** A request for a codebook the hub cannot answer: an id of no round, or of a bad shape. */
export class CodebookRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Runs one GraphQL operation with the caller's context and returns its data (the caller maps errors). */
export type RunOperation = (query: string) => Promise<Record<string, unknown>>;

/** `Round:PER-4` or `PER-4` (any case) to its country and number; anything else is refused, naming the value. */
export function parseRoundId(raw: string): { country: string; number: number } {
  const upper = raw.trim().toUpperCase();
  const untagged = upper.startsWith('ROUND:') ? upper.slice('ROUND:'.length) : upper;
  // The round's key as node ids write it (modules/node/node.ids.ts): ISO3, a hyphen, the number.
  const m = /^([A-Z]{3})-([1-9]\d{0,5})$/.exec(untagged);
  if (!m) {
    throw new CodebookRequestError(
      400,
      'BAD_USER_INPUT',
      `roundId: ${quote(raw)} is not a round id; expected \`Round:<ISO3>-<number>\` or \`<ISO3>-<number>\`, e.g. \`Round:PER-4\`. List the rounds with the GraphQL query \`{ rounds { id } }\`.`,
    );
  }
  return { country: m[1], number: Number(m[2]) };
}

/** The plan of one variable: what the registry says, and which stats answers give its counts. */
interface VarPlan {
  q: Question;
  unit: UnitName;
  dimension: StatsDimension | null;
  measure: StatsMeasure | null;
}

/** The dimension counting this question's answers over its own unit, if it has one. */
function dimensionOf(q: Question, unit: UnitName): StatsDimension | null {
  const own = (q.dimensions ?? []).find((d) => DIMENSIONS.get(d.name as StatsDimension)?.question?.[unit] === questionKey(q));
  if (own) return own.name as StatsDimension;
  // The survey point is a column of every respondent; its dimension is the round's, not a question's.
  if (q.answer.kind === 'survey-point') return 'SURVEY_POINT';
  return null;
}

function measureOf(q: Question, unit: UnitName): StatsMeasure | null {
  const name = q.measure?.name as StatsMeasure | undefined;
  return name && MEASURES.get(name)?.sql[unit] !== undefined ? name : null;
}

/** Every variable of every unit, from the registry: the same list for every round. */
export function codebookPlan(): VarPlan[] {
  return UNIT_NAMES.flatMap((unit) =>
    questionsOf(UNIT_DECLARATIONS[unit].sheet).map((q) => ({ q, unit, dimension: dimensionOf(q, unit), measure: measureOf(q, unit) })),
  );
}

/** The label of an answer a skip condition names: a code's or yes/no. */
function answerLabel(q: Question, value: string | boolean): Text {
  if (typeof value === 'boolean') return YES_NO_LABELS[value ? 'yes' : 'no'];
  if (q.answer.kind === 'enum') {
    const def = Object.values(q.answer.list.codes).find((c) => c.code === value);
    if (def) return def.label;
  }
  return text(value, value);
}

/** Who the question was asked of: the unit's rows of the round, narrowed by its skip condition. */
function universeOf(q: Question, unit: UnitName, round: CodebookRound): Text {
  const noun = UNIT_DECLARATIONS[unit].noun;
  const cap = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}`;
  const base = text(`${cap(noun.en)} of round ${round.country}-${round.number}`, `${cap(noun.es)} de la ronda ${round.country}-${round.number}`);
  if (!q.onlyWhen) return base;
  const cond = questionOf(q.sheet, q.onlyWhen.column);
  const value = answerLabel(cond, q.onlyWhen.equals);
  return text(`${base.en}, only when "${cond.label.en}" is "${value.en}"`, `${base.es}, solo si "${cond.label.es}" es "${value.es}"`);
}

const SELECTION = `total unlistedCount
  groups { keys { code label } count measures { n mean median min max } }
  nonResponse { count }
  disclosure { method status threshold medianThreshold maxPerturbation }`;

interface StatsAnswer {
  total: number | null;
  unlistedCount: number | null;
  groups: { keys: { code: string | null; label: string }[]; count: number | null; measures: { n: number | null; mean: number | null; median: number | null; min: number | null; max: number | null }[] }[];
  nonResponse: { count: number | null }[];
  disclosure: { method: string; status: string; threshold: number | null; medianThreshold: number | null; maxPerturbation: number };
}

/** One stats query of the codebook: an alias and what it groups or summarises. */
interface Ask {
  alias: string;
  unit: UnitName;
  groupBy: StatsDimension | null;
  measure: StatsMeasure | null;
}

function asksOf(plans: readonly VarPlan[]): Ask[] {
  const totals = UNIT_NAMES.map((unit) => ({ alias: `total_${unit}`, unit, groupBy: null, measure: null }));
  const vars = plans.flatMap((p, i) => [
    ...(p.dimension ? [{ alias: `d${i}`, unit: p.unit, groupBy: p.dimension, measure: null }] : []),
    ...(p.measure ? [{ alias: `m${i}`, unit: p.unit, groupBy: null, measure: p.measure }] : []),
  ]);
  return [...totals, ...vars];
}

function operationOf(asks: readonly Ask[], country: string, number: number): string {
  // Country and number are checked (three letters, digits) before they reach the text.
  const filter = `{ country: "${country}", round: ${number} }`;
  const fields = asks.map(
    (a) =>
      `${a.alias}: ${UNIT_DECLARATIONS[a.unit].statsQuery}(filter: ${filter}, groupBy: [${a.groupBy ?? ''}], measures: [${a.measure ?? ''}], lang: EN) { ${SELECTION} }`,
  );
  return `query Codebook {\n${fields.join('\n')}\n}`;
}

const ROUND_QUERY = (country: string, number: number) =>
  `query CodebookRound { round(country: "${country}", number: ${number}) { id country number name fieldworkStart fieldworkEnd publishedOn dataKind caveat sourceUrl } rounds { id } }`;

/**
 * Runs the codebook's stats queries, at most `maxRootFields` to an operation (the hub's limit on
 * aliases), one operation after the other: each is priced, charged to the caller and answered
 * through disclosure control like any stats query.
 */
async function runAsks(run: RunOperation, asks: readonly Ask[], country: string, number: number, maxRootFields: number): Promise<Map<string, StatsAnswer>> {
  const answers = new Map<string, StatsAnswer>();
  const size = Math.max(1, maxRootFields);
  for (let i = 0; i < asks.length; i += size) {
    const data = await run(operationOf(asks.slice(i, i + size), country, number));
    for (const [alias, answer] of Object.entries(data)) answers.set(alias, answer as StatsAnswer);
  }
  return answers;
}

/**
 * The labels of a question's closed codes, in display order, as its dimension groups them (its
 * bands, yes/no, its code list); null for open codes (places, countries). Taken from the question,
 * not the merged dimension: adults and children share AGE_BAND with bands of their own.
 */
function closedLabels(q: Question, dimension: StatsDimension): Readonly<Record<string, Text>> | null {
  const spec = q.dimensions?.find((d) => d.name === dimension);
  const a = q.answer;
  const list = a.kind === 'enum' ? a.list : a.kind === 'multi-select' && a.options !== 'countries' ? a.options : null;
  if (spec?.bands) return Object.fromEntries(spec.bands.map((b) => [b.code, b.label]));
  if (a.kind === 'yes-no') return YES_NO_LABELS;
  if (list) return Object.fromEntries(Object.values(list.codes).map((c) => [c.code, c.label]));
  return spec ? null : (DIMENSIONS.get(dimension)?.labels ?? null);
}

function categoriesOf(q: Question, dimension: StatsDimension, answer: StatsAnswer, exact: boolean): CodebookCategory[] {
  const counts = new Map<string, { count: number | null; label: string }>();
  for (const g of answer.groups) {
    const k = g.keys[0];
    if (k && k.code !== null) counts.set(k.code, { count: g.count, label: k.label });
  }
  const labels = closedLabels(q, dimension);
  if (!labels) return [...counts].map(([code, c]) => ({ code, label: null, name: c.label, freq: c.count }));
  // A closed list: every code, listed or not. A code a partner's answer leaves out has no unit;
  // one a public answer leaves out may have a few (below the threshold), so its count is withheld.
  const closed = Object.entries(labels).map(([code, label]) => ({ code, label, name: null, freq: counts.get(code)?.count ?? (exact ? 0 : null) }));
  const extra = [...counts].filter(([code]) => !(code in labels)).map(([code, c]) => ({ code, label: null, name: c.label, freq: c.count }));
  return [...closed, ...extra];
}

const minus = (a: number | null | undefined, b: number | null | undefined) => (a === null || a === undefined || b === null || b === undefined ? null : Math.max(0, a - b));

/**
 * Valid and missing units, and the measure's statistics. A public codebook shows only numbers a
 * stats answer published (never one derived from two perturbed counts); a partner's are exact,
 * so the other follows from the total.
 */
function summaryOf(total: number | null, grouped: StatsAnswer | undefined, measured: StatsAnswer | undefined, exact: boolean): CodebookSummary {
  const m = measured?.groups[0]?.measures[0];
  const noAnswer = grouped ? (grouped.nonResponse[0]?.count ?? null) : null;
  const valid = m ? m.n : exact ? minus(total, noAnswer) : null;
  const missing = grouped ? noAnswer : exact && m ? minus(total, m.n) : null;
  return { valid, missing, mean: m?.mean ?? null, median: m?.median ?? null, min: m?.min ?? null, max: m?.max ?? null };
}

function rangeOf(q: Question): CodebookVar['range'] {
  const a = q.answer;
  if (a.kind === 'integer') return a.max === undefined ? { min: a.min } : { min: a.min, max: a.max };
  if (a.kind === 'decimal') return { min: a.min, max: a.max };
  return null;
}

/** The codebook of one round, with the caller's access: `run` carries the caller's context. */
export async function loadCodebook(run: RunOperation, roundId: string, maxRootFields: number): Promise<Codebook> {
  const { country, number } = parseRoundId(roundId);
  const found = (await run(ROUND_QUERY(country, number))) as { round: CodebookRound | null; rounds: { id: string }[] };
  if (!found.round) {
    const ids = found.rounds.map((r) => r.id);
    throw new CodebookRequestError(
      404,
      'NOT_FOUND',
      `roundId: no round ${JSON.stringify(`Round:${country}-${number}`)}. ${ids.length ? `The hub holds ${ids.join(', ')}` : 'The hub holds no round yet'}; list them with the GraphQL query \`{ rounds { id } }\`.`,
    );
  }
  const round = found.round;
  const plans = codebookPlan();
  const answers = await runAsks(run, asksOf(plans), country, number, maxRootFields);
  const first = answers.get(`total_${UNIT_NAMES[0]}`)!;
  const exact = first.disclosure.method === 'EXACT';
  const vars = plans.map((p, i): CodebookVar => {
    const grouped = answers.get(`d${i}`);
    const measured = answers.get(`m${i}`);
    const total = answers.get(`total_${p.unit}`)?.total ?? null;
    const a = p.q.answer;
    return {
      id: `${p.q.sheet}.${p.q.column}`,
      name: p.q.column,
      fileId: p.q.sheet,
      unit: p.unit,
      label: p.q.label,
      questionText: p.q.description ?? null,
      universe: universeOf(p.q, p.unit, round),
      answerKind: a.kind,
      interval: p.measure ? 'contin' : 'discrete',
      format: a.kind === 'integer' || a.kind === 'decimal' ? 'numeric' : 'character',
      isDate: a.kind === 'date',
      range: rangeOf(p.q),
      multiSelect: a.kind === 'multi-select',
      dimension: p.dimension,
      measure: p.measure,
      categories: p.dimension && grouped ? categoriesOf(p.q, p.dimension, grouped, exact) : [],
      summary: summaryOf(total, grouped, measured, exact),
      unlisted: grouped?.unlistedCount ?? null,
      status: (grouped ?? measured)?.disclosure.status ?? null,
    };
  });
  const files = UNIT_NAMES.map((unit): CodebookFile => {
    const d = UNIT_DECLARATIONS[unit];
    return {
      id: d.sheet,
      fileName: `${d.sheet}.csv`,
      unit,
      noun: d.noun,
      description: d.counts,
      cases: answers.get(`total_${unit}`)?.total ?? null,
      varCount: vars.filter((v) => v.unit === unit).length,
    };
  });
  const { method, threshold, medianThreshold, maxPerturbation } = first.disclosure;
  return { round, files, vars, disclosure: { method, threshold, medianThreshold, maxPerturbation } };
}
