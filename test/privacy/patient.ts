import { seedRows } from '../support/csv';
import { Attacker, Filter, StatsAnswer } from './attacker';

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
  return seedRows(round, 'respondents').map((r, index) => ({
    index,
    id: r.respondent_id,
    age: Number(r.age),
    answers: Object.fromEntries(KNOWABLE.map((k) => [k.field, k.value(r[k.column])])),
    violenceTypes: r.violence_types ? r.violence_types.split(';') : [],
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
    };
  });
}

/** A local evaluation of a respondent filter on a raw row (the tests check it against the partner's exact counts). */
export function holds(p: RawPerson, f: Filter): boolean {
  for (const [k, v] of Object.entries(f)) {
    if (k === 'country' || k === 'round') continue;
    if (k === 'ageMin') {
      if (p.age < (v as number)) return false;
    } else if (k === 'ageMax') {
      if (p.age > (v as number)) return false;
    } else if (k === 'violenceType') {
      if (!p.violenceTypes.includes(String(v).toLowerCase())) return false;
    } else if (p.answers[k] !== v) return false;
  }
  return true;
}

/**
 * What the attacker reads from the policy: the age classes it must keep to and how many
 * variables a table may combine. Without a policy (the hub before issue 20) every age is its own
 * class and nothing limits the variables.
 */
export interface AttackRules {
  /** Allowed `ageMin` values and `ageMax` values (null: any whole age). */
  ageLower: number[] | null;
  ageUpper: number[] | null;
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
 * Reads the rules from the public `disclosurePolicy` answer without relying on its field names
 * beyond the obvious (a number field named like maxVariables / threshold / maxPerturbation, and a
 * classification entry that mentions `ageMin` with lists of lower and upper bounds), so that the
 * attacker keeps working if the policy's shape is reworded.
 */
export async function readRules(attacker: Attacker, filterInput: 'RespondentFilter' | 'ChildFilter' = 'RespondentFilter'): Promise<AttackRules> {
  const policy = await attacker.policy();
  if (!policy) return FREE_RANGES;
  const objects = objectsIn(policy);
  const num = (re: RegExp, fallback: number) => {
    for (const o of objects) for (const [k, v] of Object.entries(o)) if (re.test(k) && typeof v === 'number') return v;
    return fallback;
  };
  let ageLower: number[] | null = null;
  let ageUpper: number[] | null = null;
  for (const o of objects) {
    const texts = Object.values(o).filter((v) => typeof v === 'string') as string[];
    // The age classification of the unit asked for (respondents' and children's have the same field names).
    if (!texts.includes('ageMin') || !texts.some((s) => s.startsWith(filterInput))) continue;
    const lists = Object.entries(o).filter(([, v]) => Array.isArray(v) && v.every((x) => typeof x === 'number')) as [string, number[]][];
    const lower = lists.find(([k]) => /lower/i.test(k))?.[1];
    const upper = lists.find(([k]) => /upper/i.test(k))?.[1];
    if (lower?.length && upper?.length) {
      ageLower = [...lower].sort((a, b) => a - b);
      ageUpper = [...upper].sort((a, b) => a - b);
    }
  }
  if (!ageLower || !ageUpper) {
    // The design's age classes, if the policy does not spell them out.
    [ageLower, ageUpper] = filterInput === 'ChildFilter' ? [[0, 3, 6, 12], [2, 5, 11, 17]] : [[18, 25, 35, 45, 60], [24, 34, 44, 59]];
  }
  return {
    ageLower,
    ageUpper,
    maxVariables: num(/^maxVariables$/i, 4),
    threshold: num(/^threshold$|^k$/i, 5),
    maxPerturbation: num(/^maxPerturbation$/i, 2),
    hasPolicy: true,
  };
}

/** No rules: every age its own class, no variable limit (the hub before issue 20). */
export const FREE_RANGES: AttackRules = { ageLower: null, ageUpper: null, maxVariables: Infinity, threshold: 5, maxPerturbation: 2, hasPolicy: false };

/** The class of an age under the rules: [lowest, highest] age of the class holding it. */
export function ageClass(rules: AttackRules, age: number): [number, number] {
  if (!rules.ageLower) return [age, age];
  const lo = Math.max(...rules.ageLower.filter((b) => b <= age));
  const ups = rules.ageUpper!.filter((b) => b >= age);
  return [lo, ups.length ? Math.min(...ups) : 120];
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
  /** Units of F2 (hand count from the raw rows). */
  size: number;
  /** Fields of the base (besides round, the extra filter and the age range). */
  base: string[];
  /** Variables the table combines, as the rules count them. */
  variables: number;
  /** The set of people of F2 (a sum of random lanes): two pairs with the same key are the same cells. */
  key: string;
  /** People in F1 - F2: the target alone (1), or, with `isolate: false`, everyone of the base in the target's age class. */
  difference: number;
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

/** Subsets (bit masks over `n` items) of at most `maxSize` items, smallest first. */
function masksUpTo(n: number, maxSize: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < 1 << n; s++) if (popcount(s) <= maxSize) out.push(s);
  return out.sort((x, y) => popcount(x) - popcount(y) || x - y);
}
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
 * Pairs are not deduplicated here (see `distinctPairs`).
 */
export function candidatePairs(
  people: RawPerson[],
  target: RawPerson,
  round: Filter,
  rules: AttackRules,
  { fields, extra = {}, minSize, isolate = true }: { fields: string[]; extra?: Filter; minSize: number; isolate?: boolean },
): Pair[] {
  const [laneA, laneB] = laneKeys(people.length);
  const [cLo, cHi] = ageClass(rules, target.age);
  let lowest = Infinity;
  let highest = -Infinity;
  for (const p of people) {
    lowest = Math.min(lowest, p.age);
    highest = Math.max(highest, p.age);
  }
  const lowers = (rules.ageLower ?? range(lowest, highest)).filter((a) => a < cLo);
  const uppers = [...(rules.ageUpper ?? range(lowest, highest)).filter((b) => b > cHi && b < highest), 120];
  const extraVariables = Object.keys(extra).length;
  // Who can be in any pair: the people of `extra`, with the fields on which they agree with the target.
  const pool = people.filter((p) => p.id !== target.id && holds(p, extra));
  const agree = pool.map((p) => fields.reduce((m, f, bit) => (p.answers[f] !== null && p.answers[f] === target.answers[f] ? m | (1 << bit) : m), 0));
  const answered = fields.reduce((m, f, bit) => (target.answers[f] === null ? m : m | (1 << bit)), 0);
  const pairs: Pair[] = [];
  // One to four answers, as the issue's attacker (and never more than the rules' variable limit).
  for (const s of masksUpTo(fields.length, Math.max(0, Math.min(4, rules.maxVariables - 1 - extraVariables)))) {
    if ((s & answered) !== s) continue;
    const base = fields.filter((_f, bit) => s & (1 << bit));
    const members = pool.filter((_p, i) => (agree[i] & s) === s);
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
      if (n >= minSize) pairs.push({ f1, f2, size: n, base, variables, key: `${n}:${a}:${b}`, difference: others + 1 });
    };
    for (const a of lowers) add(bounded(a, cHi), bounded(a, cLo - 1), a, cLo - 1);
    for (const b of uppers) add(bounded(cLo, b), bounded(cHi + 1, b), cHi + 1, b);
  }
  return pairs;
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
