import { seedRows } from '../support/csv';
import { Attacker, Caller, Filter, Person, StatsAnswer, StatsAsk, StatsQuery } from './attacker';

/**
 * The patient attacker of issue 20: many different pairs of public queries aimed at one person,
 * built only from what the hub allows a public caller (it reads `disclosurePolicy` and keeps to
 * its classifications and variable limit), plus the raw rows of the seed bundle that the tests
 * score it against. Nothing here imports the disclosure code.
 */

/** One respondent of a seed round, from the bundle's CSV (the truth the attacks are scored against). */
export interface RawPerson {
  index: number;
  id: string;
  age: number;
  /** Filter values (GraphQL enum names, codes, booleans) by filter field; null = no answer. */
  answers: Record<string, string | boolean | null>;
  /** Violence types reported on the route (multi-select), as VIOLENCE_TYPE codes. */
  violenceTypes: string[];
  /** The respondent's travelling group size (households sheet, one row per respondent); null for children or without a row. */
  travellingSize: number | null;
}

const yesNo = (v: string): boolean | null => (v === 'yes' ? true : v === 'no' ? false : null);
const enumName = (v: string): string | null => (v === '' ? null : v.toUpperCase());

/**
 * Attributes a respondent filter can fix, with the seed column they come from. Origin state and
 * destination region are left out: the bundle spells them as names, the filter takes p-codes.
 */
export const KNOWABLE: { field: string; column: string; value: (v: string) => string | boolean | null; dimension?: string }[] = [
  { field: 'surveyPoint', column: 'survey_point', value: (v) => v || null, dimension: 'SURVEY_POINT' },
  { field: 'sex', column: 'sex', value: enumName, dimension: 'SEX' },
  { field: 'educationLevel', column: 'education_level', value: enumName, dimension: 'EDUCATION' },
  { field: 'maritalStatus', column: 'marital_status', value: enumName, dimension: 'MARITAL_STATUS' },
  { field: 'reasonForLeaving', column: 'reason_for_leaving', value: enumName, dimension: 'REASON_FOR_LEAVING' },
  { field: 'documentUsed', column: 'document_used', value: enumName, dimension: 'DOCUMENT_USED' },
  { field: 'ptpStatus', column: 'ptp_status', value: enumName, dimension: 'PTP_STATUS' },
  { field: 'destinationCountry', column: 'destination_country', value: (v) => v || null, dimension: 'DESTINATION_COUNTRY' },
  { field: 'employedBeforeLeaving', column: 'employed_before_leaving', value: yesNo, dimension: 'EMPLOYED_BEFORE_LEAVING' },
  { field: 'stayedOver30Days', column: 'stayed_over_30_days', value: yesNo, dimension: 'STAYED_OVER_30_DAYS' },
  { field: 'workedInCountry', column: 'worked_in_country', value: yesNo, dimension: 'WORKED_IN_COUNTRY' },
  { field: 'discriminated', column: 'discriminated', value: yesNo, dimension: 'DISCRIMINATED' },
];

/** The respondents of a seed round, in file order. */
export function rawPeople(round: number): RawPerson[] {
  const sizes = new Map(seedRows(round, 'households').map((h) => [h.respondent_id, h.travelling_size === '' ? null : Number(h.travelling_size)]));
  return seedRows(round, 'respondents').map((r, index) => ({
    index,
    id: r.respondent_id,
    age: Number(r.age),
    answers: Object.fromEntries(KNOWABLE.map((k) => [k.field, k.value(r[k.column])])),
    violenceTypes: r.violence_types ? r.violence_types.split(';') : [],
    travellingSize: sizes.get(r.respondent_id) ?? null,
  }));
}

/** Attributes a child filter can fix (the child's own answers, and the survey point of their household). */
export const CHILD_KNOWABLE: { field: string; column: string; value: (v: string) => string | boolean | null }[] = [
  { field: 'surveyPoint', column: 'survey_point', value: (v) => v || null },
  { field: 'status', column: 'status', value: enumName },
  { field: 'sex', column: 'sex', value: enumName },
  { field: 'schoolLevel', column: 'school_level', value: enumName },
  { field: 'attendingSchool', column: 'attending_school', value: yesNo },
  { field: 'emotionalChanges', column: 'emotional_changes', value: yesNo },
  { field: 'caregiver', column: 'caregiver', value: enumName },
];

/** The children of a seed round, in file order, with their household's survey point. */
export function rawChildren(round: number): RawPerson[] {
  const respondentOf = new Map(seedRows(round, 'households').map((h) => [h.household_id, h.respondent_id]));
  const pointOf = new Map(seedRows(round, 'respondents').map((r) => [r.respondent_id, r.survey_point]));
  return seedRows(round, 'children').map((c, index) => {
    const row = { ...c, survey_point: pointOf.get(respondentOf.get(c.household_id)!)! };
    return {
      index,
      id: c.child_id,
      age: Number(c.age),
      answers: Object.fromEntries(CHILD_KNOWABLE.map((k) => [k.field, k.value(row[k.column as keyof typeof row] ?? '')])),
      violenceTypes: [],
      travellingSize: null,
    };
  });
}

/**
 * A local evaluation of a stats filter on one row, the seed bundle's (`RawPerson`, answers by
 * filter field) or the partner view's (`Person`, the same fields flat); the tests check what it
 * selects against the partner's exact counts. A nested `respondent` filter is the row's own (a
 * household shares its respondent's answers).
 */
export function holds(p: RawPerson | Person, f: Filter): boolean {
  const answer = (k: string): unknown => ('answers' in p ? p.answers[k] : (p as unknown as Record<string, unknown>)[k]);
  const size = 'travellingSize' in p ? p.travellingSize : null;
  for (const [k, v] of Object.entries(f)) {
    if (k === 'country' || k === 'round') continue;
    if (k === 'respondent') {
      if (!holds(p, v as Filter)) return false;
    } else if (k === 'ageMin' || k === 'ageMax') {
      if (k === 'ageMin' ? p.age < (v as number) : p.age > (v as number)) return false;
    } else if (k === 'travellingSizeMin' || k === 'travellingSizeMax') {
      if (size === null || (k === 'travellingSizeMin' ? size < (v as number) : size > (v as number))) return false;
    } else if (k === 'violenceType') {
      if (!('violenceTypes' in p) || !p.violenceTypes.includes(String(v).toLowerCase())) return false;
    } else if (answer(k) !== v) return false;
  }
  return true;
}

/** A range as [lowest, highest], both inclusive. */
export type Interval = readonly [number, number];

/**
 * What the policy lets a public caller give a range filter, in the three shapes the hub has had:
 * `free`, any range (before issue 20); `bounds`, any range whose ends are class boundaries, so
 * unions of adjacent classes (the first rules of issue 20); `ranges`, exactly one of the listed
 * ranges (a class, or a reporting range such as children aged 3-17) or no range at all (since
 * e0c4042). The first two keep the pair enumeration they had, so their figures stay reproducible.
 */
export type RangeRules = { kind: 'free' } | { kind: 'bounds'; lower: number[]; upper: number[] } | { kind: 'ranges'; ranges: Interval[]; whole: Interval };

/**
 * What the attacker reads from the policy: the age ranges it must keep to, how many variables a
 * table may combine, and the AGE_BAND groups a grouped table lists (their counts are cells too).
 * Without a policy (the hub before issue 20) every age range is allowed and nothing limits the
 * variables.
 */
export interface AttackRules {
  ages: RangeRules;
  /**
   * The travelling group size's classes (householdStats, whose nested `respondent` filter takes
   * the respondent's answers; a household shares its respondent's record key): read under
   * one-class rules only, where they give the attacker cuts the age classes do not.
   */
  sizes: (RangeRules & { kind: 'ranges' }) | null;
  /** AGE_BAND codes and the ages they hold, as a public groupBy lists them (e.g. 0-5 for children, which no filter gives). */
  ageBands: { code: string; interval: Interval }[];
  maxVariables: number;
  threshold: number;
  maxPerturbation: number;
  hasPolicy: boolean;
}

/** Every object in a JSON value (depth first). */
function objectsIn(value: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(value)) value.forEach((v) => objectsIn(v, out));
  else if (value && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    Object.values(value).forEach((v) => objectsIn(v, out));
  }
  return out;
}

/**
 * A list of ranges however the policy spells them: pairs of numbers ([[18, 24], ...]), or objects
 * with two numbers ({ min, max }, { from, to }, { lowest, highest }...; the smaller is the lowest).
 */
function rangesIn(value: unknown): Interval[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  const out: Interval[] = [];
  for (const v of value) {
    const nums = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : null;
    const ends = nums?.filter((x): x is number => typeof x === 'number');
    if (!ends || ends.length !== 2) return null;
    out.push([Math.min(...ends), Math.max(...ends)]);
  }
  return out;
}

/**
 * Reads the rules from the public `disclosurePolicy` answer without relying on its field names
 * beyond the obvious (a number field named like maxVariables / threshold / maxPerturbation, and a
 * classification entry that mentions `ageMin` with either a list of ranges or lists of lower and
 * upper bounds), so that the attacker keeps working if the policy's shape is reworded. The AGE_BAND
 * groups are read from a public table grouped by AGE_BAND (their codes, e.g. `0-5`, `60+`).
 */
export async function readRules(attacker: Attacker, filterInput: 'RespondentFilter' | 'ChildFilter' = 'RespondentFilter'): Promise<AttackRules> {
  const policy = await attacker.policy();
  if (!policy) return FREE_RANGES;
  const objects = objectsIn(policy);
  const num = (re: RegExp, fallback: number) => {
    for (const o of objects) for (const [k, v] of Object.entries(o)) if (re.test(k) && typeof v === 'number') return v;
    return fallback;
  };
  let ages = rangeRulesOf(objects, filterInput, 'ageMin');
  // The design's age classes, if the policy does not spell them out: the classes alone, which
  // every version of the rules accepts.
  ages ??= designRules(filterInput).ages;
  const sizes = filterInput === 'RespondentFilter' ? rangeRulesOf(objects, 'HouseholdFilter', 'travellingSizeMin') : null;
  return {
    ages,
    sizes: sizes?.kind === 'ranges' ? sizes : null,
    ageBands: await readAgeBands(attacker, filterInput, ages),
    maxVariables: num(/^maxVariables$/i, 4),
    threshold: num(/^threshold$|^k$/i, 5),
    maxPerturbation: num(/^maxPerturbation$/i, 2),
    hasPolicy: true,
  };
}

/** The rules of one range filter (the classification entry naming `minField` and the filter input), or null. */
function rangeRulesOf(objects: Record<string, unknown>[], filterInput: string, minField: string): RangeRules | null {
  let found: RangeRules | null = null;
  for (const o of objects) {
    const texts = Object.values(o).filter((v) => typeof v === 'string') as string[];
    // Respondents' and children's age classifications have the same field names: the filter input tells them apart.
    if (!texts.includes(minField) || !texts.some((s) => s.startsWith(filterInput))) continue;
    const lists = Object.entries(o).filter(([, v]) => Array.isArray(v) && v.every((x) => typeof x === 'number')) as [string, number[]][];
    const lower = lists.find(([k]) => /lower/i.test(k))?.[1];
    const upper = lists.find(([k]) => /upper/i.test(k))?.[1];
    const ranges = Object.values(o)
      .map(rangesIn)
      .find((r) => r !== null);
    if (ranges) {
      const whole: Interval = [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
      found = { kind: 'ranges', ranges, whole };
    } else if (lower?.length && upper?.length) {
      found = { kind: 'bounds', lower: [...lower].sort((x, y) => x - y), upper: [...upper].sort((x, y) => x - y) };
    }
  }
  return found;
}

/** The AGE_BAND groups a public table lists (codes such as `18-24` or `60+`), as age intervals. */
async function readAgeBands(attacker: Attacker, filterInput: 'RespondentFilter' | 'ChildFilter', ages: RangeRules): Promise<{ code: string; interval: Interval }[]> {
  const unit = filterInput === 'ChildFilter' ? 'childStats' : 'respondentStats';
  const [answer] = await attacker.statsBatch([{ filter: {}, groupBy: ['AGE_BAND'] }], 'public', unit);
  const top = ages.kind === 'ranges' ? ages.whole[1] : 120;
  const out: { code: string; interval: Interval }[] = [];
  for (const g of answer.groups) {
    const code = g.keys[0]?.code;
    const m = code ? /^(\d+)\s*(?:-\s*(\d+)|(\+))$/.exec(code) : null;
    if (code && m) out.push({ code, interval: [Number(m[1]), m[3] ? top : Number(m[2])] });
  }
  return out;
}

/** No rules: every age range allowed, no variable limit (the hub before issue 20). */
export const FREE_RANGES: AttackRules = { ages: { kind: 'free' }, sizes: null, ageBands: [], maxVariables: Infinity, threshold: 5, maxPerturbation: 2, hasPolicy: false };

/**
 * One-class rules with the design's classes (docs/aggregation.md), independent of what the hub
 * under test says: the self-checks run the attack code with them, so that an attacker broken by a
 * change cannot pass for a hub that leaves it nothing.
 */
export function designRules(filterInput: 'RespondentFilter' | 'ChildFilter'): AttackRules {
  const band = (lo: number, hi: number, code = `${lo}-${hi}`) => ({ code, interval: [lo, hi] as Interval });
  const common = { maxVariables: 4, threshold: 5, maxPerturbation: 2, hasPolicy: true };
  return filterInput === 'ChildFilter'
    ? { ...common, ages: { kind: 'ranges', ranges: [[0, 2], [3, 5], [6, 11], [12, 17], [3, 17]], whole: [0, 17] }, sizes: null, ageBands: [band(0, 5), band(6, 11), band(12, 17)] }
    : {
        ...common,
        ages: { kind: 'ranges', ranges: [[0, 17], [18, 24], [25, 34], [35, 44], [45, 59], [60, 120]], whole: [0, 120] },
        sizes: { kind: 'ranges', ranges: [[1, 1], [2, 2], [3, 4], [5, 50]], whole: [1, 50] },
        ageBands: [band(18, 24), band(25, 34), band(35, 44), band(45, 59), band(60, 120, '60+')],
      };
}

/** The rules in words, for the reports. */
export function describeRules(rules: AttackRules, noun = 'age'): string {
  const a = rules.ages;
  if (a.kind === 'free') return 'no disclosure rules (free ranges)';
  const classes =
    a.kind === 'bounds' ? `${noun} boundaries ${a.lower.join(', ')} / ${a.upper.join(', ')} (unions of classes)` : `${noun} ranges ${a.ranges.map(([lo, hi]) => `${lo}-${hi}`).join(', ')} only`;
  return `rules (${classes}; at most ${rules.maxVariables} variables)`;
}

/** The class of an age under the rules: [lowest, highest] age of the narrowest class holding it. */
export function ageClass(rules: AttackRules, age: number): [number, number] {
  const a = rules.ages;
  if (a.kind === 'free') return [age, age];
  if (a.kind === 'ranges') {
    const holding = a.ranges.filter(([lo, hi]) => lo <= age && age <= hi).sort((x, y) => x[1] - x[0] - (y[1] - y[0]));
    return holding.length ? [holding[0][0], holding[0][1]] : [age, age];
  }
  const lo = Math.max(...a.lower.filter((b) => b <= age));
  const ups = a.upper.filter((b) => b >= age);
  return [lo, ups.length ? Math.min(...ups) : 120];
}

/**
 * The age filter of an interval under `ranges` rules: no filter for the whole field, and an end
 * left out where it is the field's own (the hub reads a missing end as the field's bound).
 */
export function ageFilter(rules: AttackRules, [lo, hi]: Interval): Filter {
  const whole = rules.ages.kind === 'ranges' ? rules.ages.whole : ([-Infinity, Infinity] as const);
  return { ...(lo > whole[0] ? { ageMin: lo } : {}), ...(hi < whole[1] ? { ageMax: hi } : {}) };
}

/**
 * The age sets a public caller can read a count of under `ranges` rules: the whole field (no age
 * filter), each allowed range (a filter), and each AGE_BAND group that no filter gives (the group
 * count of the same table grouped by AGE_BAND).
 */
export function readableAges(rules: AttackRules): { interval: Interval; band: string | null }[] {
  if (rules.ages.kind !== 'ranges') throw new Error('readableAges is for one-class rules');
  const out: { interval: Interval; band: string | null }[] = [];
  const same = (x: Interval, y: Interval) => x[0] === y[0] && x[1] === y[1];
  for (const interval of [rules.ages.whole, ...rules.ages.ranges]) if (!out.some((r) => same(r.interval, interval))) out.push({ interval, band: null });
  for (const b of rules.ageBands) if (!out.some((r) => same(r.interval, b.interval))) out.push({ interval: b.interval, band: b.code });
  return out;
}

/** A public answer that tells nothing: blocked by a rule, or withheld below the threshold. */
export function blocked(a: StatsAnswer | null): boolean {
  if (!a) return true;
  const status = (a.disclosure as { status?: string } | undefined)?.status;
  return status === 'BLOCKED' || a.total === null;
}

export interface Pair {
  /** F1 holds the target; F2 is F1 without the target (and nobody else). */
  f1: Filter;
  f2: Filter;
  /**
   * The AGE_BAND code whose group count is that side, in the table of its filter grouped by
   * AGE_BAND (a band that no public filter gives, such as children's 0-5); null: the total.
   */
  g1: string | null;
  g2: string | null;
  /** The stats query the filters are for: respondentStats, childStats, or householdStats for a cut on the travelling group size. */
  unit: StatsQuery;
  /** Units of F2 (hand count from the raw rows). */
  size: number;
  /** Fields of the base (besides round, the extra filter and the age range); `travellingSize` when a side cuts or fixes it. */
  base: string[];
  /** Variables the table combines, as the rules count them. */
  variables: number;
  /** The set of people of F2 (a sum of random lanes): two pairs with the same key are the same cells. */
  key: string;
  /** People in F1 - F2: the target alone (1), or, with `isolate: false`, everyone of the base in A \ B (the target's age class under boundary rules). */
  difference: number;
}

/** The ask that reads one side of a pair, with `groupBy` added (AGE_BAND first for a group-count side). */
export function sideAsk(pair: Pair, side: 1 | 2, groupBy: string[] = []): StatsAsk {
  const [filter, band] = side === 1 ? [pair.f1, pair.g1] : [pair.f2, pair.g2];
  return { filter, groupBy: band === null ? groupBy : ['AGE_BAND', ...groupBy] };
}

/**
 * What one side of a pair publishes: its groups by the `groupBy` of `sideAsk` (code to count; the
 * key '' without one), for the side's AGE_BAND group only when the side is a group count. Null
 * when the answer is blocked; a group not listed is absent.
 */
export function sideGroups(pair: Pair, side: 1 | 2, answer: StatsAnswer): Map<string, number> | null {
  if (blocked(answer)) return null;
  const band = side === 1 ? pair.g1 : pair.g2;
  const out = new Map<string, number>();
  if (band === null && answer.groups.every((g) => g.keys.length === 0)) {
    out.set('', answer.total!);
    return out;
  }
  for (const g of answer.groups) {
    if (g.count === null) continue;
    const codes = g.keys.map((k) => k.code);
    if (band !== null && codes.shift() !== band) continue;
    if (codes.some((c) => c === null)) continue;
    out.set(codes.join('|'), g.count);
  }
  return out;
}

/** The published count of one side of a pair (its total, or its AGE_BAND group); null when blocked or not listed. */
export function sideCount(pair: Pair, side: 1 | 2, answer: StatsAnswer): number | null {
  return sideGroups(pair, side, answer)?.get('') ?? null;
}

/** Two 26-bit random lanes per person: a key of a set of people is the sum of its members' lanes (exact in doubles). */
function laneKeys(n: number): [Float64Array, Float64Array] {
  let x = 0x2545f491;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) & 0x3ffffff;
  };
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = next();
    b[i] = next();
  }
  return [a, b];
}

/** The lanes of `laneKeys`, made once per number of people. */
function lanesOf(n: number): [Float64Array, Float64Array] {
  if (!lanesByLength.has(n)) lanesByLength.set(n, laneKeys(n));
  return lanesByLength.get(n)!;
}

/**
 * Subsets (bit masks over `n` items) of at most `maxSize` items, smallest first. Made once per
 * `n` and `maxSize` (every target asks for the same few lists; sorting 2^n masks each time was a
 * good part of an attack's time). The list is shared: callers must not change it.
 */
function masksUpTo(n: number, maxSize: number): readonly number[] {
  const key = `${n} ${maxSize}`;
  let out = masksByShape.get(key);
  if (!out) {
    out = [];
    for (let s = 0; s < 1 << n; s++) if (popcount(s) <= maxSize) out.push(s);
    out.sort((x, y) => popcount(x) - popcount(y) || x - y);
    masksByShape.set(key, out);
  }
  return out;
}
const masksByShape = new Map<string, number[]>();
export function popcount(s: number): number {
  let bits = 0;
  for (let x = s; x; x &= x - 1) bits += 1;
  return bits;
}

/**
 * Every pair of allowed public filters that differ by exactly the target, built on a base of the
 * target's answers (any subset of `fields`), plus `extra` on both sides (a sensitive filter the
 * attacker adds to read the answer off the count), cut by an age range that keeps to the rules'
 * classes: F1 = base with [a, class end] against F2 = base with [a, class start - 1], or
 * F1 = [class start, b] against F2 = [class end + 1, b], for every allowed bound a or b. The
 * base, within the target's class, must hold nobody but the target (else F1 - F2 is more than one
 * person; `isolate: false` drops this, for an attacker who reads the make-up of the target's
 * class instead), and the table must keep to the variable limit. F2 must hold at least `minSize` people.
 * Pairs are not deduplicated here (see `distinctPairs`). This is the enumeration for free ranges
 * and for boundary rules (unions of classes), kept as it was so that their figures stay
 * reproducible; under one-class rules, `classPairs`.
 */
export function candidatePairs(
  people: RawPerson[],
  target: RawPerson,
  round: Filter,
  rules: AttackRules,
  options: PairOptions,
): Pair[] {
  if (rules.ages.kind === 'ranges') return classPairs(people, target, round, rules, options);
  const { fields, extra = {}, minSize, isolate = true } = options;
  const [laneA, laneB] = lanesOf(people.length);
  const [cLo, cHi] = ageClass(rules, target.age);
  let lowest = Infinity;
  let highest = -Infinity;
  for (const p of people) {
    lowest = Math.min(lowest, p.age);
    highest = Math.max(highest, p.age);
  }
  const bounds = rules.ages.kind === 'bounds' ? rules.ages : null;
  const lowers = (bounds?.lower ?? range(lowest, highest)).filter((a) => a < cLo);
  const uppers = [...(bounds?.upper ?? range(lowest, highest)).filter((b) => b > cHi && b < highest), 120];
  const extraVariables = Object.keys(extra).length;
  // Who can be in any pair: the people of `extra`, with the fields on which they agree with the target.
  const pool = people.filter((p) => p.id !== target.id && holds(p, extra));
  const agree = pool.map((p) => fields.reduce((m, f, bit) => (p.answers[f] !== null && p.answers[f] === target.answers[f] ? m | (1 << bit) : m), 0));
  const answered = fields.reduce((m, f, bit) => (target.answers[f] === null ? m : m | (1 << bit)), 0);
  const pairs: Pair[] = [];
  // The pool's indices of each base's members: those of the base without its lowest field (made
  // before, subsets come smallest first) who also agree on that field.
  const membersOf = new Map<number, number[]>();
  // One to four answers, as the issue's attacker (and never more than the rules' variable limit).
  for (const s of masksUpTo(fields.length, Math.max(0, Math.min(4, rules.maxVariables - 1 - extraVariables)))) {
    if ((s & answered) !== s) continue;
    const base = fields.filter((_f, bit) => s & (1 << bit));
    const low = s & -s;
    const at = s === 0 ? pool.map((_p, i) => i) : membersOf.get(s ^ low)!.filter((i) => agree[i] & low);
    membersOf.set(s, at);
    const members = at.map((i) => pool[i]);
    const others = members.filter((p) => p.age >= cLo && p.age <= cHi).length;
    if (isolate && others > 0) continue;
    const fixed: Filter = { ...round, ...extra };
    for (const f of base) fixed[f] = target.answers[f] as string | boolean;
    const variables = base.length + extraVariables + 1;
    const bounded = (lo: number, hi: number): Filter => ({
      ...fixed,
      ...(lo > lowest ? { ageMin: lo } : {}),
      ...(hi < highest ? { ageMax: hi } : {}),
    });
    const add = (f1: Filter, f2: Filter, lo: number, hi: number) => {
      let n = 0;
      let a = 0;
      let b = 0;
      for (const p of members) {
        if (p.age < lo || p.age > hi) continue;
        n += 1;
        a += laneA[p.index];
        b += laneB[p.index];
      }
      if (n >= minSize) pairs.push({ f1, f2, g1: null, g2: null, unit: options.unit ?? 'respondentStats', size: n, base, variables, key: `${n}:${a}:${b}`, difference: others + 1 });
    };
    for (const a of lowers) add(bounded(a, cHi), bounded(a, cLo - 1), a, cLo - 1);
    for (const b of uppers) add(bounded(cLo, b), bounded(cHi + 1, b), cHi + 1, b);
  }
  return pairs;
}

export interface PairOptions {
  fields: string[];
  extra?: Filter;
  minSize: number;
  isolate?: boolean;
  /** The stats query the filters are for (the people's unit). */
  unit?: StatsQuery;
  /** Also cut on the travelling group size's classes through householdStats (respondents, one-class rules). */
  households?: boolean;
  /**
   * Under one-class rules, also the equality pairs: F1 = a base (possibly with the target's age
   * class, or travelling size class through householdStats, as one of its answers) against F2 =
   * F1 plus one answer that everybody else of F1 gave and the target did not. The rules allow
   * them (one more equality filter, within the variable limit) however they cut ranges.
   */
  equalities?: boolean;
}

type Readable = { interval: Interval; band: string | null };

/** One way to cut: the dimension whose sets A and B differ, and the other dimension left whole or fixed to the target's class. */
interface Frame {
  cut: 'age' | 'size';
  sets: Readable[];
  value: (p: RawPerson) => number | null;
  /** The other dimension, fixed to the target's class (a variable of the table), or null. */
  fixed: { value: (p: RawPerson) => number | null; interval: Interval; filter: Filter } | null;
  household: boolean;
}

/**
 * `candidatePairs` under one-class rules, generalized: for every two sets A and B of ages that a
 * public caller can read a count of (`readableAges`: no age filter, one allowed range, or an
 * AGE_BAND group count), with B strictly inside A and the target in A but not in B, the pair
 * F1 = base + A against F2 = base + B, where the base (any subset of `fields`, within the variable
 * limit) holds nobody but the target in A \ B (`isolate: false`: anyone, counted in
 * `difference`). With `households`, the same on the travelling group size's classes
 * (householdStats with the base as its nested respondent filter), and each cut with the other
 * dimension fixed to the target's class. Under boundary rules A \ B was the target's class, one
 * pair per other end; under one-class rules a respondent's only age pairs are "no age filter"
 * against another class, when everybody else of the base is in that one class. F2 must hold at
 * least `minSize` people.
 */
function classPairs(
  people: RawPerson[],
  target: RawPerson,
  round: Filter,
  rules: AttackRules,
  { fields, extra = {}, minSize, isolate = true, unit = 'respondentStats', households = false, equalities = false }: PairOptions,
): Pair[] {
  const known = BitIndex.of(people);
  const [laneA, laneB] = lanesOf(people.length);
  const inside = (x: Interval, v: number | null) => v !== null && x[0] <= v && v <= x[1];
  const age = (p: RawPerson) => p.age;
  const size = (p: RawPerson) => p.travellingSize;
  const frames: Frame[] = [{ cut: 'age', sets: readableAges(rules), value: age, fixed: null, household: false }];
  const sizes = rules.sizes;
  const narrowest = (sets: Readable[], v: number) =>
    sets.filter((x) => inside(x.interval, v) && x.band === null).sort((x, y) => x.interval[1] - x.interval[0] - (y.interval[1] - y.interval[0]))[0]?.interval;
  const sizeSets: Readable[] = sizes ? [sizes.whole, ...sizes.ranges].map((interval) => ({ interval, band: null })) : [];
  const ageClassOf = narrowest(readableAges(rules), target.age);
  const sizeClass = target.travellingSize === null ? undefined : narrowest(sizeSets, target.travellingSize);
  if (households && sizes && target.travellingSize !== null) {
    frames.push({ cut: 'size', sets: sizeSets, value: size, fixed: null, household: true });
    if (ageClassOf) frames.push({ cut: 'size', sets: sizeSets, value: size, fixed: { value: age, interval: ageClassOf, filter: ageFilter(rules, ageClassOf) }, household: true });
    if (sizeClass) {
      const sizeFilter = sizeRangeFilter(sizes, sizeClass);
      frames.push({ cut: 'age', sets: readableAges(rules).filter((x) => x.band === null), value: age, fixed: { value: size, interval: sizeClass, filter: sizeFilter }, household: true });
    }
  }
  const extraVariables = Object.keys(extra).length;
  const answered = fields.reduce((m, f, bit) => (target.answers[f] === null ? m : m | (1 << bit)), 0);
  const pairs: Pair[] = [];
  // Sets of the round's people as bitsets (`BitIndex`): the pool (everybody of `extra` but the
  // target), a base the AND of the pool and its fields' sets, a side the AND of the base with its
  // age (or size) set; counting them is the hot loop of every attack.
  const sets = known.sets;
  const everyone = known.without(
    known.memo(`extra ${JSON.stringify(extra)}`, () => sets.of((p) => holds(p, extra))),
    (p) => p.id === target.id,
  );
  const answerTo = (f: string) => (p: RawPerson) => p.answers[f];
  const byField = fields.map((f) => known.agreeing(f, answerTo(f), target.answers[f], everyone));
  const framed = frames.map((frame) => {
    const v = frame.value(target);
    // The people a frame may hold: in the target's class of the fixed dimension, and with a household row for householdStats.
    const holdableKey = `holdable ${frame.cut} ${frame.fixed?.interval ?? 'whole'} ${frame.household}`;
    const holdable = known.memo(holdableKey, () =>
      sets.of((p) => (!frame.fixed || inside(frame.fixed.interval, frame.fixed.value(p))) && (!frame.household || p.travellingSize !== null)),
    );
    const cuts: { a: Readable; b: Readable; heldA: Uint32Array; inB: Uint32Array }[] = [];
    for (const a of frame.sets) {
      if (!inside(a.interval, v)) continue;
      for (const b of frame.sets) {
        const strictly = a.interval[0] <= b.interval[0] && b.interval[1] <= a.interval[1] && (a.interval[0] !== b.interval[0] || a.interval[1] !== b.interval[1]);
        if (strictly && !inside(b.interval, v)) {
          const [inA, inB] = [a, b].map((x) => known.memo(`${frame.cut} ${x.interval}`, () => sets.of((p) => inside(x.interval, frame.value(p)))));
          // The frame's people in A (B is inside A): what "nobody else in A \ B" and `difference` read.
          const heldA = known.memo(`${holdableKey} in ${frame.cut} ${a.interval}`, () => inA.map((w, i) => w & holdable[i]));
          cuts.push({ a, b, heldA, inB });
        }
      }
    }
    return { frame, cuts, holdable, fixedVariables: frame.fixed ? 1 : 0 };
  });
  const widest = Math.max(0, Math.min(4, rules.maxVariables - 1 - extraVariables));
  const contexts = isolate && equalities ? equalityContexts() : [];
  // The pool's people by their answer to each field, for the equality pairs.
  const byValue = contexts.length ? fields.map((f) => known.byAnswer(f, answerTo(f))) : [];
  const inFrame = new Uint32Array(sets.words);
  const masks = masksUpTo(fields.length, widest);
  const bases = known.subsets(masks);
  // Bases too small for F2 (fewer than minSize people besides the target) only shrink with more fields.
  const small = new Uint8Array(1 << fields.length);
  for (const s of masks) {
    if ((s & answered) !== s) continue;
    if (anySubsetWithOneLess(s, small)) {
      small[s] = 1;
      continue;
    }
    const inBase = bases.make(s, everyone, byField);
    if (sets.count(inBase) < minSize) {
      small[s] = 1;
      continue;
    }
    const width = popcount(s);
    // The base's fields and filter, made for the first pair it gives (most bases give none).
    let named: { base: string[]; own: Filter } | null = null;
    const name = () => {
      if (!named) {
        const base = fields.filter((_f, bit) => s & (1 << bit));
        const own: Filter = { ...extra };
        for (const f of base) own[f] = target.answers[f] as string | boolean;
        named = { base, own };
      }
      return named;
    };
    // A frame's or context's people are inBase AND its holdable set; they are only made into a set
    // (inFrame) for a pair's key, every test before reads the sets as they are.
    for (const { frame, cuts, holdable, fixedVariables } of framed) {
      if (cuts.length === 0 || width + fixedVariables > widest) continue;
      const variables = width + extraVariables + 1 + fixedVariables;
      const side = (x: Readable): Filter => {
        const { own } = name();
        const cut = x.band !== null ? {} : frame.cut === 'age' ? ageFilter(rules, x.interval) : sizeRangeFilter(sizes!, x.interval);
        if (!frame.household) return { ...round, ...own, ...cut };
        const ages = frame.cut === 'age' ? cut : (frame.fixed?.filter ?? {});
        const sizeCut = frame.cut === 'size' ? cut : (frame.fixed?.filter ?? {});
        return { ...round, respondent: { ...own, ...ages }, ...sizeCut };
      };
      for (const { a, b, heldA, inB } of cuts) {
        // Isolating: nobody else of the frame in A \ B (checked first: it fails at the first word with somebody there).
        if (isolate && !sets.within(inBase, heldA, inB)) continue;
        const n = sets.count(inBase, holdable, inB);
        const others = isolate ? 0 : sets.count(inBase, heldA) - n;
        if (n < minSize) continue;
        inFrame.set(inBase);
        sets.and(inFrame, holdable);
        let ka = 0;
        let kb = 0;
        sets.each(inFrame, inB, (j) => {
          ka += laneA[people[j].index];
          kb += laneB[people[j].index];
        });
        const { base } = name();
        pairs.push({
          f1: side(a),
          f2: side(b),
          g1: a.band,
          g2: b.band,
          unit: frame.household ? 'householdStats' : unit,
          size: n,
          // The attacker must know the target's travelling group size to cut on it: one of the answers it knows.
          base: frame.household ? [...base, 'travellingSize'] : base,
          variables,
          key: `${n}:${ka}:${kb}`,
          difference: others + 1,
        });
      }
    }
    for (const ctx of contexts) {
      if (width + ctx.variables > widest) continue;
      // Nobody: no pair (F2 holds at least minSize people, and minSize is at least 1).
      const at = sets.first(inBase, ctx.holdable);
      if (at < 0) continue;
      // Everybody else of F1 gave the first one's answer, and the target another (or none).
      const first = people[at];
      let n = -1;
      let key: string | null = null;
      for (let bit = 0; bit < fields.length; bit++) {
        const f = fields[bit];
        const v = first.answers[f];
        if (s & (1 << bit) || v === null || v === target.answers[f] || !sets.within(inBase, ctx.holdable, byValue[bit].get(v)!)) continue;
        // F1's size, counted for the first answer that everybody else gave: too small, no pair at all.
        if (n < 0) n = sets.count(inBase, ctx.holdable);
        if (n < minSize) break;
        if (key === null) {
          inFrame.set(inBase);
          sets.and(inFrame, ctx.holdable);
          let [ka, kb] = [0, 0];
          sets.each(inFrame, inFrame, (j) => {
            ka += laneA[people[j].index];
            kb += laneB[people[j].index];
          });
          key = `${n}:${ka}:${kb}`;
        }
        const { base, own } = name();
        pairs.push({
          f1: ctx.side(own),
          f2: ctx.side({ ...own, [f]: v }),
          g1: null,
          g2: null,
          unit: ctx.household ? 'householdStats' : unit,
          size: n,
          // The attacker must know that the target did not give that answer: one of the answers it knows.
          base: [...base, f, ...(ctx.household ? ['travellingSize'] : [])],
          variables: width + extraVariables + ctx.variables + 1,
          key,
          difference: 1,
        });
      }
    }
  }
  return pairs;

  /**
   * Where the equality pairs are cut: the whole base, the base in the target's age class, and
   * with `households` the base in the target's travelling size class (householdStats), alone or
   * with the age class. Each fixed class is a variable of the table.
   */
  function equalityContexts(): { variables: number; household: boolean; holdable: Uint32Array; side: (own: Filter) => Filter }[] {
    const ageClassFilter = ageClassOf ? ageFilter(rules, ageClassOf) : {};
    const ages = Object.keys(ageClassFilter).length ? [null, ageClassOf!] : [null];
    const out = ages.map((ac) => ({
      variables: ac ? 1 : 0,
      household: false,
      holdable: known.memo(`context ${ac ?? 'whole'}`, () => sets.of((p) => !ac || inside(ac, p.age))),
      side: (own: Filter): Filter => ({ ...round, ...own, ...(ac ? ageClassFilter : {}) }),
    }));
    if (households && sizes && sizeClass) {
      const sizeFilter = sizeRangeFilter(sizes, sizeClass);
      if (Object.keys(sizeFilter).length) {
        for (const ac of ages) {
          out.push({
            variables: ac ? 2 : 1,
            household: true,
            holdable: known.memo(`context size ${sizeClass} ${ac ?? 'whole'}`, () => sets.of((p) => inside(sizeClass, p.travellingSize) && (!ac || inside(ac, p.age)))),
            side: (own: Filter): Filter => ({ ...round, respondent: { ...own, ...(ac ? ageClassFilter : {}) }, ...sizeFilter }),
          });
        }
      }
    }
    return out;
  }
}

/**
 * What an attack reads of a round's people whoever the target is, made once per list of people
 * instead of once per target (an attack tries a thousand targets or more): bitsets over the whole
 * list (each field's answers, each age or size set), made on first use under a key that names what
 * they hold. A target's sets are these ANDed with "everybody but the target" (`without`), so every
 * count is the one that sets made over the list without the target gave.
 */
export class BitIndex<T> {
  readonly sets: Bits<T>;
  private readonly made = new Map<string, Uint32Array>();
  private readonly partitions = new Map<string, Map<unknown, Uint32Array>>();
  private readonly pools = new Map<readonly number[], SubsetSets>();

  constructor(readonly people: readonly T[]) {
    this.sets = new Bits(people);
  }

  /** The index of a list of people (made on the first call for that list). */
  static of<T>(people: readonly T[]): BitIndex<T> {
    let index = bitIndexes.get(people) as BitIndex<T> | undefined;
    if (!index) bitIndexes.set(people, (index = new BitIndex(people)));
    return index;
  }

  /**
   * Where an attack keeps the set of each base it visits (a subset of fields, in `masks`), one
   * pool per list of masks, reused from target to target (the attacks run one target at a time).
   */
  subsets(masks: readonly number[]): SubsetSets {
    let pool = this.pools.get(masks);
    if (!pool) this.pools.set(masks, (pool = new SubsetSets(this.sets.words, masks)));
    return pool;
  }

  /** A set made once per list of people, by a key that names what it holds. */
  memo(key: string, make: () => Uint32Array): Uint32Array {
    if (!this.made.has(key)) this.made.set(key, make());
    return this.made.get(key)!;
  }

  /** The people by their answer under `key` (`answer` null or undefined: in none). */
  byAnswer(key: string, answer: (p: T) => unknown): Map<unknown, Uint32Array> {
    if (!this.partitions.has(key)) this.partitions.set(key, this.sets.partition(answer));
    return this.partitions.get(key)!;
  }

  /**
   * The people who gave `value` under `key`, as `answer(p) === value` with a non-null answer
   * says (nobody for a null value), ANDed with `within` when given.
   */
  agreeing(key: string, answer: (p: T) => unknown, value: unknown, within?: Uint32Array): Uint32Array {
    // An answer the list does not hold (undefined) agrees with whoever has none either, as `===` does.
    const same = value === null ? undefined : value === undefined ? this.memo(`no ${key}`, () => this.sets.of((p) => answer(p) === undefined)) : this.byAnswer(key, answer).get(value);
    const out = new Uint32Array(this.sets.words);
    if (same) for (let w = 0; w < this.sets.words; w++) out[w] = within ? same[w] & within[w] : same[w];
    return out;
  }

  /** A copy of `set` without the people `leave` names. */
  without(set: Uint32Array, leave: (p: T) => boolean): Uint32Array {
    const out = set.slice();
    this.people.forEach((p, i) => {
      if (leave(p)) out[i >>> 5] &= ~(1 << (i & 31));
    });
    return out;
  }
}
const bitIndexes = new WeakMap<readonly unknown[], BitIndex<unknown>>();

/**
 * The set of each base of an attack: the AND of a starting set with the sets of the base's fields
 * (bit i of the mask: field i). Bases are visited smallest first, so a base's set is the set of
 * the base without its lowest field, made just before, ANDed with that field's set: one AND per
 * base instead of one per field.
 */
export class SubsetSets {
  private readonly views: Uint32Array[] = [];
  private readonly slot = new Map<number, number>();

  constructor(
    private readonly words: number,
    masks: readonly number[],
  ) {
    const pool = new Uint32Array(masks.length * words);
    masks.forEach((m, i) => {
      this.slot.set(m, i);
      this.views.push(pool.subarray(i * words, (i + 1) * words));
    });
  }

  /**
   * The set of base `s`: `start` ANDed with `by[i]` for every field i of s. The base without its
   * lowest field must have been made for the same target and `start` (an attack skips a base only
   * when it skipped that one, or a smaller one, too).
   */
  make(s: number, start: Uint32Array, by: readonly Uint32Array[]): Uint32Array {
    const out = this.views[this.slot.get(s)!];
    if (s === 0) {
      out.set(start);
      return out;
    }
    const low = s & -s;
    const parent = this.views[this.slot.get(s ^ low)!];
    const field = by[31 - Math.clz32(low)];
    for (let w = 0; w < this.words; w++) out[w] = parent[w] & field[w];
    return out;
  }
}

/** Whether a subset of s with one element less is marked in `marks` (a base too small makes every larger one too small). */
export function anySubsetWithOneLess(s: number, marks: Uint8Array): boolean {
  for (let x = s; x; x &= x - 1) if (marks[s ^ (x & -x)]) return true;
  return false;
}

const lanesByLength = new Map<number, [Float64Array, Float64Array]>();

/** Bitsets over a list of people (bit i: the i-th person), with the few operations the attacks need (here and in targets.ts). */
export class Bits<T> {
  readonly words: number;
  constructor(private readonly people: readonly T[]) {
    this.words = Math.ceil(people.length / 32);
  }

  /** The set of the people for whom `has` holds. */
  of(has: (p: T, i: number) => boolean): Uint32Array {
    const out = new Uint32Array(this.words);
    this.people.forEach((p, i) => {
      if (has(p, i)) out[i >>> 5] |= 1 << (i & 31);
    });
    return out;
  }

  /** The set of the people with each answer (`answer` null: in none), by answer. */
  partition(answer: (p: T) => unknown): Map<unknown, Uint32Array> {
    const out = new Map<unknown, Uint32Array>();
    this.people.forEach((p, i) => {
      const v = answer(p);
      if (v === null || v === undefined) return;
      if (!out.has(v)) out.set(v, new Uint32Array(this.words));
      out.get(v)![i >>> 5] |= 1 << (i & 31);
    });
    return out;
  }

  /** The lowest index in all of the sets, or -1 when they have nobody in common. */
  first(...all: Uint32Array[]): number {
    if (all.length === 1) {
      const [x] = all;
      for (let w = 0; w < this.words; w++) if (x[w]) return w * 32 + 31 - Math.clz32(x[w] & -x[w]);
      return -1;
    }
    for (let w = 0; w < this.words; w++) {
      let x = all[0][w];
      for (let k = 1; k < all.length; k++) x &= all[k][w];
      if (x) return w * 32 + 31 - Math.clz32(x & -x);
    }
    return -1;
  }

  /**
   * Whether everybody in both x and y is in `inside` too: the same as count(x, y, inside) ===
   * count(x, y), but it stops at the first word with somebody outside, as most such tests do.
   */
  within(x: Uint32Array, y: Uint32Array, inside: Uint32Array): boolean {
    for (let w = 0; w < this.words; w++) if (x[w] & y[w] & ~inside[w]) return false;
    return true;
  }

  /** into = into AND set. */
  and(into: Uint32Array, set: Uint32Array): void {
    for (let w = 0; w < this.words; w++) into[w] &= set[w];
  }

  /** The number of people in every one of the sets. */
  count(...all: Uint32Array[]): number {
    // One to three sets (every count of the attacks) without the inner loop over them.
    if (all.length === 1) return this.countOne(all[0]);
    if (all.length === 2) return this.countBoth(all[0], all[1]);
    if (all.length === 3) return this.countAll3(all[0], all[1], all[2]);
    let n = 0;
    for (let w = 0; w < this.words; w++) {
      let x = all[0][w];
      for (let k = 1; k < all.length; k++) x &= all[k][w];
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      n += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return n;
  }

  private countOne(x: Uint32Array): number {
    let n = 0;
    for (let w = 0; w < this.words; w++) if (x[w]) n += popcount32(x[w]);
    return n;
  }

  private countBoth(x: Uint32Array, y: Uint32Array): number {
    let n = 0;
    for (let w = 0; w < this.words; w++) {
      const v = x[w] & y[w];
      if (v) n += popcount32(v);
    }
    return n;
  }

  private countAll3(x: Uint32Array, y: Uint32Array, z: Uint32Array): number {
    let n = 0;
    for (let w = 0; w < this.words; w++) {
      const v = x[w] & y[w] & z[w];
      if (v) n += popcount32(v);
    }
    return n;
  }

  /** Calls fn with the index of every person in both sets. */
  each(x: Uint32Array, y: Uint32Array, fn: (i: number) => void): void {
    for (let w = 0; w < this.words; w++) {
      let bits = x[w] & y[w];
      while (bits) {
        const low = bits & -bits;
        fn(w * 32 + 31 - Math.clz32(low));
        bits ^= low;
      }
    }
  }
}

function popcount32(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The travelling size filter of an interval (no filter for the whole field). */
function sizeRangeFilter(sizes: { whole: Interval }, [lo, hi]: Interval): Filter {
  return { ...(lo > sizes.whole[0] ? { travellingSizeMin: lo } : {}), ...(hi < sizes.whole[1] ? { travellingSizeMax: hi } : {}) };
}

/**
 * Both sides of many pairs, asked in batches of `batch` per stats query (a pair's sides are
 * asked of its unit's query, with `groupBy` added as `sideAsk` says). Answers in pair order.
 */
export async function askPairs(attacker: Attacker, pairs: Pair[], as: Caller, { groupBy = [], lang, batch = 24 }: { groupBy?: string[]; lang?: 'EN' | 'ES'; batch?: number } = {}): Promise<[StatsAnswer, StatsAnswer][]> {
  const out = new Array<[StatsAnswer, StatsAnswer]>(pairs.length);
  const units = [...new Set(pairs.map((p) => p.unit))];
  for (const unit of units) {
    const idx = pairs.flatMap((p, i) => (p.unit === unit ? [i] : []));
    const asks = idx.flatMap((i) => [1, 2].map((side) => ({ ...sideAsk(pairs[i], side as 1 | 2, groupBy), ...(lang ? { lang } : {}) })));
    const answers: StatsAnswer[] = [];
    for (let i = 0; i < asks.length; i += batch) answers.push(...(await attacker.statsBatch(asks.slice(i, i + batch), as, unit)));
    idx.forEach((pi, j) => (out[pi] = [answers[2 * j], answers[2 * j + 1]]));
  }
  return out;
}

/** The published difference of each pair (F1's count minus F2's), null when either side gives nothing. */
export async function pairDifferences(attacker: Attacker, pairs: Pair[], as: Caller, lang?: 'EN' | 'ES'): Promise<(number | null)[]> {
  return (await askPairs(attacker, pairs, as, { lang })).map(([a1, a2], i) => {
    const [c1, c2] = [sideCount(pairs[i], 1, a1), sideCount(pairs[i], 2, a2)];
    return c1 === null || c2 === null ? null : c1 - c2;
  });
}

/**
 * The pairs whose exact counts (partner key) say that F1 - F2 is what the pair claims: F2 holds
 * `size` people and F1 `difference` more (the attacker's ground truth, never used to attack).
 */
export async function confirmPairs(attacker: Attacker, pairs: Pair[]): Promise<Pair[]> {
  const exact = await askPairs(attacker, pairs, 'partner');
  return pairs.filter((p, i) => {
    const [c1, c2] = [sideCount(p, 1, exact[i][0]), sideCount(p, 2, exact[i][1])];
    return c1 !== null && c2 !== null && c2 === p.size && c1 === c2 + p.difference;
  });
}

/** The pairs with distinct F2 populations (different cells, so different noise), largest F2 first. */
export function distinctPairs(pairs: Pair[]): Pair[] {
  const seen = new Set<string>();
  const out: Pair[] = [];
  for (const p of [...pairs].sort((x, y) => y.size - x.size || x.variables - y.variables)) {
    if (seen.has(p.key)) continue;
    seen.add(p.key);
    out.push(p);
  }
  return out;
}

/**
 * The attacker knows the target's age and `known` of their other answers; granted the best case,
 * it knows the ones that give it the most distinct pairs. Returns those pairs (at most `max`).
 */
export function bestPairs(candidates: Pair[], fields: string[], known: number, max: number): { pairs: Pair[]; knownFields: string[] } {
  let best: { pairs: Pair[]; knownFields: string[] } = { pairs: [], knownFields: [] };
  const bit = new Map(fields.map((f, i) => [f, 1 << i]));
  const maskOf = (base: string[]) => base.reduce((m, f) => m | bit.get(f)!, 0);
  const withMask = candidates.map((p) => ({ p, m: maskOf(p.base) }));
  for (const k of masksUpTo(fields.length, known)) {
    if (popcount(k) !== Math.min(known, fields.length)) continue;
    const pairs = distinctPairs(withMask.filter((x) => (x.m & k) === x.m).map((x) => x.p));
    if (pairs.length > best.pairs.length) best = { pairs, knownFields: fields.filter((f) => k & bit.get(f)!) };
    if (best.pairs.length >= max) break;
  }
  return { pairs: best.pairs.slice(0, max), knownFields: best.knownFields };
}

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_x, i) => lo + i);
}

/** The people in a fixed pseudo-random order (seeded), so that every run attacks the same targets. */
export function shuffledPeople<T extends { id: string }>(people: readonly T[], random: () => number): T[] {
  const order = [...people].sort((a, b) => a.id.localeCompare(b.id));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
