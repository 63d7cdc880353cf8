import { Filter, Person } from './attacker';
import { ageClass, ageFilter, anySubsetWithOneLess, AttackRules, BitIndex, FREE_RANGES, holds, Interval, readableAges } from './patient';

/**
 * How the differencing attacks pick their filters, from the partner view of the round (the
 * attacker is granted the best case: knowing enough about the target to write filters that
 * isolate them). Everything here is plain arithmetic on the partner rows; the tests then check
 * each chosen filter against the partner stats before attacking with it.
 */

/** Attributes a respondent filter can pin, with the field of the partner view they match. */
const ATTRIBUTES: (keyof Person & keyof typeof FILTER_FIELD)[] = [
  'surveyPoint',
  'sex',
  'educationLevel',
  'maritalStatus',
  'reasonForLeaving',
  'documentUsed',
  'ptpStatus',
  'destinationCountry',
  'originState',
  'employedBeforeLeaving',
  'stayedOver30Days',
  'workedInPeru',
  'discriminated',
];
const FILTER_FIELD = {
  surveyPoint: 'surveyPoint',
  sex: 'sex',
  educationLevel: 'educationLevel',
  maritalStatus: 'maritalStatus',
  reasonForLeaving: 'reasonForLeaving',
  documentUsed: 'documentUsed',
  ptpStatus: 'ptpStatus',
  destinationCountry: 'destinationCountry',
  originState: 'originState',
  employedBeforeLeaving: 'employedBeforeLeaving',
  stayedOver30Days: 'stayedOver30Days',
  workedInPeru: 'workedInPeru',
  discriminated: 'discriminated',
} as const;

/** Group-by dimensions the group-count attack may use, with the person's code in that dimension (as stats keys spell it). */
export const GROUP_DIMENSIONS: { dimension: string; attribute: keyof typeof FILTER_FIELD; code: (p: Person) => string | null }[] = [
  { dimension: 'SURVEY_POINT', attribute: 'surveyPoint', code: (p) => p.surveyPoint },
  { dimension: 'SEX', attribute: 'sex', code: (p) => p.sex.toLowerCase() },
  { dimension: 'EDUCATION', attribute: 'educationLevel', code: (p) => p.educationLevel?.toLowerCase() ?? null },
  { dimension: 'MARITAL_STATUS', attribute: 'maritalStatus', code: (p) => p.maritalStatus?.toLowerCase() ?? null },
  { dimension: 'DOCUMENT_USED', attribute: 'documentUsed', code: (p) => p.documentUsed?.toLowerCase() ?? null },
  { dimension: 'REASON_FOR_LEAVING', attribute: 'reasonForLeaving', code: (p) => p.reasonForLeaving?.toLowerCase() ?? null },
  { dimension: 'PTP_STATUS', attribute: 'ptpStatus', code: (p) => p.ptpStatus?.toLowerCase() ?? null },
];

/** Subsets (as bit masks over ATTRIBUTES) of at most `size` attributes, smallest first. */
function subsets(size: number): number[] {
  const all: number[] = [];
  for (let s = 0; s < 1 << ATTRIBUTES.length; s++) {
    let bits = 0;
    for (let x = s; x; x &= x - 1) bits += 1;
    if (bits <= size) all.push(s);
  }
  return all.sort((a, b) => popcount(a) - popcount(b) || a - b);
}
function popcount(s: number): number {
  let bits = 0;
  for (let x = s; x; x &= x - 1) bits += 1;
  return bits;
}
const SUBSETS_4 = subsets(4);
const SUBSETS_3 = subsets(3);

/** For each person, the attributes (bit mask) on which they agree with the target (null attributes never agree). */
function agreement(people: Person[], target: Person): Int32Array {
  const masks = new Int32Array(people.length);
  people.forEach((p, i) => {
    let m = 0;
    ATTRIBUTES.forEach((a, bit) => {
      if (target[a] !== null && p[a] === target[a]) m |= 1 << bit;
    });
    masks[i] = m;
  });
  return masks;
}

/** The attributes the target answered (a filter cannot ask for "no answer"). */
function answeredMask(target: Person): number {
  return ATTRIBUTES.reduce((m, a, bit) => (target[a] === null ? m : m | (1 << bit)), 0);
}

/** The base filter (round plus the target's values of the attributes in the subset). */
function baseFilter(round: Filter, target: Person, subset: number): Filter {
  const f: Filter = { ...round };
  ATTRIBUTES.forEach((a, bit) => {
    if (subset & (1 << bit)) f[FILTER_FIELD[a]] = target[a] as string | boolean;
  });
  return f;
}

export interface DifferencingPair {
  target: Person;
  /** F1 holds the target; F2 is F1 without the target and nobody else. */
  f1: Filter;
  f2: Filter;
  /** Units of F2 that count for the attack (all units, or those with a value of the measure). */
  size: number;
  /** The attributes fixed besides the round and the age bound. */
  attributes: number;
}

/**
 * Two filters that differ by exactly the target: a base of the target's own answers in which
 * nobody else is in the target's age class (their exact age without rules, their age band under
 * the rules), cut at that class (F1 = base with ageMax: class end, F2 = base with ageMax: class
 * start - 1, or F1 = base with ageMin: class start, F2 = base with ageMin: class end + 1). Among
 * all bases of up to four attributes (fewer when the rules' variable limit, which counts the age
 * range, says so) the attacker takes the one whose cells are largest, since large cells are the
 * ones a disclosure rule is least likely to withhold. `counts` says which units the size counts
 * (everyone for counts, those with a value for a measure); F2 must hold at least `minSize` of
 * them. Null when no base isolates the target with cells that large. Under one-class rules
 * (since e0c4042) the cut is `classCuts`'s instead.
 */
export function differencingPair(
  people: Person[],
  target: Person,
  round: Filter,
  { counts = EVERYONE, minSize, rules = FREE_RANGES }: { counts?: (p: Person) => boolean; minSize: number; rules?: AttackRules },
): DifferencingPair | null {
  if (rules.ages.kind === 'ranges') return classDifferencingPair(people, target, round, { counts, minSize, rules });
  const masks = agreement(people, target);
  const [cLo, cHi] = ageClass(rules, target.age);
  const sameClass: number[] = [];
  people.forEach((p, i) => {
    if (p.age >= cLo && p.age <= cHi && p.id !== target.id) sameClass.push(i);
  });
  let best: DifferencingPair | null = null;
  // Adding an attribute to a base that already isolates the target only shrinks its cells.
  const isolating: number[] = [];
  const answered = answeredMask(target);
  const maxAttributes = Math.min(4, rules.maxVariables - 1);
  for (const s of SUBSETS_4) {
    if ((s & answered) !== s || popcount(s) > maxAttributes) continue;
    if (isolating.some((iso) => (s & iso) === iso)) continue;
    if (sameClass.some((i) => (masks[i] & s) === s)) continue;
    isolating.push(s);
    let below = 0;
    let above = 0;
    people.forEach((p, i) => {
      if ((masks[i] & s) !== s || !counts(p) || p.id === target.id) return;
      if (p.age < cLo) below += 1;
      else if (p.age > cHi) above += 1;
    });
    const size = Math.max(below, above);
    if (size < minSize || (best && size <= best.size)) continue;
    const base = baseFilter(round, target, s);
    best =
      above >= below
        ? { target, f1: { ...base, ageMin: cLo }, f2: { ...base, ageMin: cHi + 1 }, size, attributes: popcount(s) }
        : { target, f1: { ...base, ageMax: cHi }, f2: { ...base, ageMax: cLo - 1 }, size, attributes: popcount(s) };
  }
  return best;
}

const EVERYONE = (_p: Person) => true;
const countedSets = new WeakMap<(p: Person) => boolean, WeakMap<BitIndex<Person>, Uint32Array>>();

/** The people `counts` counts, made once per function and list of people. */
function countedSet(known: BitIndex<Person>, counts: (p: Person) => boolean): Uint32Array {
  if (!countedSets.has(counts)) countedSets.set(counts, new WeakMap());
  const byIndex = countedSets.get(counts)!;
  if (!byIndex.has(known)) byIndex.set(known, known.sets.of((p) => counts(p)));
  return byIndex.get(known)!;
}

/**
 * The cuts a public caller may make under one-class rules: two age sets A and B it may give (no
 * age filter, one allowed range), B strictly inside A, with the target in A and not in B.
 */
function classCuts(rules: AttackRules, age: number): { a: Interval; b: Interval }[] {
  const sets = readableAges(rules)
    .filter((x) => x.band === null)
    .map((x) => x.interval);
  const inside = (x: Interval, v: number) => x[0] <= v && v <= x[1];
  const cuts: { a: Interval; b: Interval }[] = [];
  for (const a of sets) {
    if (!inside(a, age)) continue;
    for (const b of sets) if (a[0] <= b[0] && b[1] <= a[1] && (a[0] !== b[0] || a[1] !== b[1]) && !inside(b, age)) cuts.push({ a, b });
  }
  return cuts;
}

/**
 * `differencingPair` under one-class rules: F1 = base + A against F2 = base + B (`classCuts`),
 * where nobody else of the base is in A \ B; the base of up to four of the target's answers
 * (fewer under the variable limit) and the cut whose F2 is largest.
 */
function classDifferencingPair(
  people: Person[],
  target: Person,
  round: Filter,
  { counts, minSize, rules }: { counts: (p: Person) => boolean; minSize: number; rules: AttackRules },
): DifferencingPair | null {
  const cuts = classCuts(rules, target.age);
  const answered = answeredMask(target);
  const maxAttributes = Math.min(4, rules.maxVariables - 1);
  const inside = (x: Interval, v: number) => x[0] <= v && v <= x[1];
  let best: DifferencingPair | null = null;
  // Sets of people as bitsets: those who agree with the target on each attribute, those in each
  // age set of a cut, those the size counts. A base is the AND of "everybody but the target" and
  // its attributes' sets; every other set is counted within a base, so the sets of the round's
  // people (`BitIndex`, made once for every target) hold the target or not, alike.
  const known = BitIndex.of(people);
  const sets = known.sets;
  const everyone = known.without(known.memo('everyone', () => sets.of(() => true)), (p) => p.id === target.id);
  const byAttribute = ATTRIBUTES.map((a) => known.agreeing(a, (p) => p[a], target[a], everyone));
  const ageSet = (x: Interval) => known.memo(`age ${x.join('-')}`, () => sets.of((p) => inside(x, p.age)));
  const counted = countedSet(known, counts);
  // The people by their answer to each attribute, and the target's age class (one class as one
  // of the base's answers) for the equality pairs.
  const byValue = ATTRIBUTES.map((a) => known.byAnswer(a, (p) => p[a]));
  const ownClass = readableAges(rules)
    .filter((x) => x.band === null && inside(x.interval, target.age))
    .sort((x, y) => x.interval[1] - x.interval[0] - (y.interval[1] - y.interval[0]))[0]?.interval;
  const contexts: (Interval | null)[] = ownClass && Object.keys(ageFilter(rules, ownClass)).length ? [null, ownClass] : [null];
  const cutSets = cuts.map(({ a, b }) => ({ a, b, inA: ageSet(a), inB: ageSet(b) }));
  const bases = known.subsets(SUBSETS_4);
  let agreeing = everyone;
  const count = (...more: Uint32Array[]) => sets.count(agreeing, ...more);
  // A base holding fewer than minSize counted people is too small, and so is every base with more
  // attributes; so is one holding no more than the best pair's F2, since a pair's F2 is inside its
  // base and the best is only replaced by a larger one.
  const small = new Uint8Array(1 << ATTRIBUTES.length);
  for (const s of SUBSETS_4) {
    if ((s & answered) !== s || popcount(s) > maxAttributes) continue;
    if (anySubsetWithOneLess(s, small)) {
      small[s] = 1;
      continue;
    }
    agreeing = bases.make(s, everyone, byAttribute);
    const all = count(counted);
    if (all < minSize || (best && all <= best.size)) {
      small[s] = 1;
      continue;
    }
    for (const { a, b, inA, inB } of cutSets) {
      // Nobody else in A \ B: everyone of the base in A is in B (tested first: it fails at the first word with somebody there).
      if (!sets.within(agreeing, inA, inB)) continue;
      const size = count(inB, counted);
      if (size < minSize || (best && size <= best.size)) continue;
      const base = baseFilter(round, target, s);
      best = { target, f1: { ...base, ...ageFilter(rules, a) }, f2: { ...base, ...ageFilter(rules, b) }, size, attributes: popcount(s) };
    }
    // Equality pairs: F1 = base (in the target's age class or not), F2 = F1 plus an answer that
    // everybody else of F1 gave and the target did not; one more variable than the base.
    for (const ageClassOf of contexts) {
      if (popcount(s) + (ageClassOf ? 1 : 0) > maxAttributes) continue;
      const inClass = ageClassOf ? ageSet(ageClassOf) : everyone;
      const size = count(inClass, counted);
      if (size < minSize || (best && size <= best.size)) continue;
      const first = sets.first(agreeing, inClass);
      const a = ATTRIBUTES.findIndex((attr, bit) => {
        const v = people[first][attr];
        return !(s & (1 << bit)) && v !== null && v !== target[attr] && sets.within(agreeing, inClass, byValue[bit].get(v)!);
      });
      if (a < 0) continue;
      const f1 = { ...baseFilter(round, target, s), ...(ageClassOf ? ageFilter(rules, ageClassOf) : {}) };
      best = { target, f1, f2: { ...f1, [FILTER_FIELD[ATTRIBUTES[a]]]: people[first][ATTRIBUTES[a]] as string | boolean }, size, attributes: popcount(s) + 1 };
    }
  }
  return best;
}

export interface MedianSet {
  target: Person;
  filter: Filter;
  /** Units with a value in the set (odd; the target is the middle one and the only one with that value). */
  n: number;
}

/**
 * A small set whose median is exactly the target's value and nobody else's: a base of up to three
 * of the target's attributes and an age window around the target, with the target's value in the
 * middle (as many values below as above) and unique in the set, and `minN` to `maxN` values.
 * The attacker takes the largest such set (the most likely to be published). Null when none exists.
 */
export function medianSet(
  people: Person[],
  target: Person,
  round: Filter,
  value: (p: Person) => number | null,
  { minN, maxN, rules = FREE_RANGES }: { minN: number; maxN: number; rules?: AttackRules },
): MedianSet | null {
  const v = value(target);
  if (v === null) return null;
  if (rules.ages.kind === 'ranges') return classMedianSet(people, target, round, value, v, { minN, maxN, rules });
  const masks = agreement(people, target);
  const ages = people.map((p) => p.age);
  const lowAge = Math.min(...ages);
  const highAge = Math.max(...ages);
  const span = highAge - lowAge + 1;
  let best: MedianSet | null = null;
  const answered = answeredMask(target);
  // The window's ends must be class boundaries (every age without rules).
  const lowerOk = (age: number) => ageClass(rules, age)[0] === age;
  const upperOk = (age: number) => ageClass(rules, age)[1] === age || age === highAge;
  for (const s of SUBSETS_3) {
    if ((s & answered) !== s || popcount(s) > rules.maxVariables - 1) continue;
    // Per age: values below, equal to and above the target's, in the base.
    const less = new Int32Array(span + 1);
    const equal = new Int32Array(span + 1);
    const more = new Int32Array(span + 1);
    people.forEach((p, i) => {
      const x = value(p);
      if ((masks[i] & s) !== s || x === null) return;
      const a = p.age - lowAge + 1;
      if (x < v) less[a] += 1;
      else if (x > v) more[a] += 1;
      else equal[a] += 1;
    });
    for (let a = 1; a <= span; a++) {
      less[a] += less[a - 1];
      equal[a] += equal[a - 1];
      more[a] += more[a - 1];
    }
    const t = target.age - lowAge + 1;
    for (let lo = t; lo >= 1; lo--) {
      if (!lowerOk(lo + lowAge - 1)) continue;
      for (let hi = t; hi <= span; hi++) {
        if (!upperOk(hi + lowAge - 1)) continue;
        const e = equal[hi] - equal[lo - 1];
        if (e !== 1) continue;
        const l = less[hi] - less[lo - 1];
        const g = more[hi] - more[lo - 1];
        const n = l + 1 + g;
        if (l !== g || n < minN || n > maxN || (best && n <= best.n)) continue;
        // The oldest age needs no upper end (and under the rules it is not a class boundary).
        const top: Filter = hi + lowAge - 1 === highAge ? {} : { ageMax: hi + lowAge - 1 };
        best = { target, filter: { ...baseFilter(round, target, s), ageMin: lo + lowAge - 1, ...top }, n };
      }
    }
  }
  return best;
}

/**
 * `medianSet` under one-class rules: the age window is one the rules allow (no age filter, or an
 * allowed range holding the target), within a base of up to three of the target's answers.
 */
function classMedianSet(
  people: Person[],
  target: Person,
  round: Filter,
  value: (p: Person) => number | null,
  v: number,
  { minN, maxN, rules }: { minN: number; maxN: number; rules: AttackRules },
): MedianSet | null {
  const answered = answeredMask(target);
  const windows = readableAges(rules)
    .filter((x) => x.band === null && x.interval[0] <= target.age && target.age <= x.interval[1])
    .map((x) => x.interval);
  let best: MedianSet | null = null;
  // Sets of people as bitsets (the round's, `BitIndex`, made once for every target): those who
  // agree with the target on each attribute (the target too), those in each window, and those
  // whose value is below, equal to or above the target's. A base is the AND of its attributes' sets.
  const known = BitIndex.of(people);
  const sets = known.sets;
  const byAttribute = ATTRIBUTES.map((a) => known.agreeing(a, (p) => p[a], target[a]));
  const inWindow = windows.map((w) => known.memo(`age ${w.join('-')}`, () => sets.of((p) => w[0] <= p.age && p.age <= w[1])));
  const values = people.map((p) => value(p));
  const [below, same, above] = [(x: number) => x < v, (x: number) => !(x < v) && !(x > v), (x: number) => x > v].map((has) => sets.of((_p, i) => values[i] !== null && has(values[i]!)));
  const valued = sets.of((_p, i) => values[i] !== null);
  const bases = known.subsets(SUBSETS_3);
  // A base with fewer than minN values is too small, and so is every base with more attributes.
  const small = new Uint8Array(1 << ATTRIBUTES.length);
  for (const s of SUBSETS_3) {
    if ((s & answered) !== s || popcount(s) > rules.maxVariables - 1) continue;
    if (anySubsetWithOneLess(s, small)) {
      small[s] = 1;
      continue;
    }
    const inBase = bases.make(s, valued, byAttribute);
    if (sets.count(inBase) < minN) {
      small[s] = 1;
      continue;
    }
    windows.forEach((w, j) => {
      const [less, equal, more] = [below, same, above].map((side) => sets.count(inBase, inWindow[j], side));
      const n = less + equal + more;
      if (equal !== 1 || less !== more || n < minN || n > maxN || (best && n <= best.n)) return;
      best = { target, filter: { ...baseFilter(round, target, s), ...ageFilter(rules, w) }, n };
    });
  }
  return best;
}

/**
 * The group-by dimension for the group-count attack: among those that keep both tables within
 * the variable limit (a dimension already filtered on counts once), the one whose target group is
 * largest in F2. Null when every dimension would take a table over the limit.
 */
export function groupDimension(people: Person[], pair: DifferencingPair, maxVariables = Infinity): { dimension: string; code: string | null } | null {
  const variables = (f: Filter) => new Set(Object.keys(f).filter((k) => k !== 'country' && k !== 'round').map((k) => (k === 'ageMax' ? 'ageMin' : k))).size;
  const fits = (f: Filter, field: string) => variables(f) + (field in f ? 0 : 1) <= maxVariables;
  let best: { dimension: string; code: string | null; size: number } | null = null;
  const inF2 = people.filter((p) => holds(p, pair.f2));
  for (const d of GROUP_DIMENSIONS) {
    const field = FILTER_FIELD[d.attribute];
    if (!fits(pair.f1, field) || !fits(pair.f2, field)) continue;
    const code = d.code(pair.target);
    const size = inF2.filter((p) => d.code(p) === code).length;
    if (!best || size > best.size) best = { dimension: d.dimension, code, size };
  }
  return best && { dimension: best.dimension, code: best.code };
}

/**
 * Filters that every one of `people` matches: `fixed`, and `fixed` plus one attribute on which
 * they all gave the same answer. Each selects a different population around the same people,
 * so differencing them out of each gives a different pair of cells (fresh noise under a
 * perturbative method) aimed at the same fact.
 */
export function sharedFilters(people: Person[], fixed: Filter): Filter[] {
  const out: Filter[] = [fixed];
  for (const a of ATTRIBUTES) {
    const field = FILTER_FIELD[a];
    if (field in fixed) continue;
    const values = new Set(people.map((p) => p[a]));
    const [only] = [...values];
    if (values.size === 1 && only !== null && only !== undefined) out.push({ ...fixed, [field]: only as string | boolean });
  }
  return out;
}
