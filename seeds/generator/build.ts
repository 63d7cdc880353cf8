import { percentOf, Rng, Weighted } from './random';
import { ExactChildren, PointCode, PointPlan, Range, RoundPlan } from './rounds';

export type YesNo = 'yes' | 'no';
type Sex = 'male' | 'female';

export interface Respondent {
  id: string;
  point: PointCode;
  interviewDate: string;
  sex: Sex;
  age: number;
  nationality: string;
  maritalStatus: string;
  originState: string;
  educationLevel: string;
  employedBeforeLeaving: YesNo;
  reasonForLeaving: string;
  travelDays: number;
  tripCostUsd: number;
  transitCountries: string[];
  documentUsed: string;
  ptpStatus: string;
  destinationCountry: string;
  destinationRegion: string | null;
  stayedOver30Days: YesNo;
  monthsInPeru: number | null;
  workedInPeru: YesNo | null;
  /** In cents, so that the CSV shows exactly what the calibration computed. */
  monthlyIncomeCents: number | null;
  discriminated: YesNo | null;
  discriminationReason: string | null;
  violenceTypes: string[];
}

export interface Child {
  id: string;
  status: 'travelling' | 'left_in_venezuela';
  sex: Sex;
  age: number;
  schoolLevel: string | null;
  attendingSchool: YesNo | null;
  emotionalChanges: YesNo | null;
  caregiver: string | null;
}

export interface Household {
  id: string;
  respondentId: string;
  /** Adults travelling with the respondent, the respondent not included. */
  otherAdults: number;
  travelling: Child[];
  membersInVenezuela: number;
  leftInVenezuela: Child[];
}

export interface RoundData {
  plan: RoundPlan;
  respondents: Respondent[];
  households: Household[];
}

const DAY_MS = 86_400_000;

/** Every date from start to end inclusive, YYYY-MM-DD (UTC arithmetic, no time zone involved). */
export function daysBetween(start: string, end: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += DAY_MS) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

const yesNo = (pct: number): Weighted<YesNo>[] => [
  ['yes', pct],
  ['no', 100 - pct],
];

/** A value from the band that the quota gave, uniform within the band. */
const inRange = (rng: Rng, [min, max]: Range): number => rng.int(min, max);

function maritalStatus(rng: Rng, age: number): string {
  if (age < 25) {
    return rng.pick([['single', 70], ['cohabiting', 20], ['married', 8], ['divorced', 1], ['other', 1]]);
  }
  if (age < 35) {
    return rng.pick([['single', 45], ['cohabiting', 28], ['married', 22], ['divorced', 4], ['other', 1]]);
  }
  return rng.pick([['single', 25], ['cohabiting', 22], ['married', 38], ['divorced', 10], ['widowed', 3], ['other', 2]]);
}

/** Youngest age at which a level can have been completed. */
const MIN_AGE_FOR_LEVEL: Record<string, number> = { technical: 20, university: 22, postgraduate: 25 };

/**
 * Education is dealt by quota independently of age; a respondent too young for the level dealt
 * swaps it with an older respondent holding a school level, which keeps every count unchanged.
 */
function repairEducationByAge(rng: Rng, rs: Respondent[]): void {
  const pool = rng.shuffle(rs.filter((r) => r.age >= 25 && ['none', 'primary', 'secondary'].includes(r.educationLevel)));
  for (const r of rs) {
    if (r.age >= (MIN_AGE_FOR_LEVEL[r.educationLevel] ?? 0)) continue;
    const partner = pool.pop();
    if (!partner) throw new Error('education repair ran out of older respondents with a school level');
    [r.educationLevel, partner.educationLevel] = [partner.educationLevel, r.educationLevel];
  }
}

function assignViolence(rng: Rng, rs: Respondent[], plan: RoundPlan['violence']): void {
  const victims = rng.sample(rs.length, percentOf(rs.length, plan.victimsPct)).map((i) => rs[i]);
  for (const [type, pct] of plan.types) {
    for (const i of rng.sample(victims.length, percentOf(victims.length, pct))) victims[i].violenceTypes.push(type);
  }
  // Every victim names at least one type; those the published types leave out were robbed or other.
  for (const v of victims) {
    if (v.violenceTypes.length === 0) v.violenceTypes.push(rng.pick([['robbery', 70], ['other', 30]]));
  }
  const order = ['verbal', 'physical', 'sexual', 'robbery', 'other'];
  for (const v of victims) v.violenceTypes.sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** Deals `values` to `rs` in order (the values come shuffled from a quota). */
function deal<T>(rs: Respondent[], values: T[], set: (r: Respondent, v: T) => void): void {
  rs.forEach((r, i) => set(r, values[i]));
}

function applyPoint(rng: Rng, point: PointPlan, rs: Respondent[]): void {
  const n = rs.length;
  const entrant = point.monthsInPeru === undefined;

  deal(rs, rng.quota(n, point.destinations), (r, v) => (r.destinationCountry = v));
  const toPeru = rs.filter((r) => r.destinationCountry === 'PER');
  deal(toPeru, rng.quota(toPeru.length, point.peruRegions), (r, v) => (r.destinationRegion = v));
  deal(rs, rng.quota(n, point.documents), (r, v) => (r.documentUsed = v));

  // Stayed over 30 days in a city on the route, and for those who have been in Peru, for how long.
  deal(rs, rng.quota(n, yesNo(point.stayedOver30DaysPct)), (r, v) => (r.stayedOver30Days = v));
  if (point.monthsInPeru) {
    const longStay = rs.filter((r) => r.stayedOver30Days === 'yes');
    deal(longStay, rng.quota(longStay.length, point.monthsInPeru.stayed), (r, band) => (r.monthsInPeru = inRange(rng, band)));
    for (const r of rs) if (r.stayedOver30Days === 'no') r.monthsInPeru = inRange(rng, point.monthsInPeru.notStayed);
  }

  // The PTP is a question for entrants going to stay in Peru and for those who have lived in Peru a
  // month or more. Entrants moving on and recent arrivals leaving do not apply; recent arrivals in Lima will.
  const ptpBase = entrant ? toPeru : rs.filter((r) => (r.monthsInPeru ?? 0) >= 1);
  for (const r of rs) r.ptpStatus = point.code === 'lima_flow' ? 'will_apply' : 'not_applying';
  deal(ptpBase, rng.quota(ptpBase.length, point.ptp), (r, v) => (r.ptpStatus = v));

  if (point.workedPct !== undefined) {
    for (const r of rs) r.workedInPeru = 'no';
    const settled = rs.filter((r) => (r.monthsInPeru ?? 0) >= 1);
    deal(settled, rng.quota(settled.length, yesNo(point.workedPct)), (r, v) => (r.workedInPeru = v));
    assignIncome(rng, point, rs.filter((r) => r.workedInPeru === 'yes'));
  }

  const stayed = rs.filter((r) => r.stayedOver30Days === 'yes');
  deal(stayed, rng.quota(stayed.length, yesNo(point.discriminatedPct)), (r, v) => (r.discriminated = v));
  const discriminated = stayed.filter((r) => r.discriminated === 'yes');
  const reasons: Weighted<string>[] = [
    ['nationality', 88],
    ['sex', 5],
    ['age', 2],
    ['other', 5],
  ];
  deal(discriminated, rng.quota(discriminated.length, reasons), (r, v) => (r.discriminationReason = v));
}

function assignIncome(rng: Rng, point: PointPlan, workers: Respondent[]): void {
  const plan = point.income;
  if (!plan) return;
  const reporting = rng.sample(workers.length, percentOf(workers.length, plan.reportedPct)).map((i) => workers[i]);
  const cents = (usd: number): number => Math.round(usd * 100);
  deal(reporting, rng.quota(reporting.length, plan.bands), (r, [min, max]) => {
    r.monthlyIncomeCents = rng.int(cents(min), cents(max));
  });
  if (!plan.calibrate) {
    for (const r of reporting) {
      if (r.sex === 'female') r.monthlyIncomeCents = Math.round(r.monthlyIncomeCents! * plan.femaleFactor);
    }
    return;
  }
  // Rescale each sex to the published mean and gap: men's mean M and women's (1 - gap) M, weighted
  // by the number of men and women, average to the published mean.
  const men = reporting.filter((r) => r.sex === 'male');
  const women = reporting.filter((r) => r.sex === 'female');
  const ratio = 1 - plan.calibrate.womenBelowMenPct / 100;
  const menMean = (plan.calibrate.meanUsd * 100 * reporting.length) / (men.length + ratio * women.length);
  for (const [group, target] of [
    [men, menMean],
    [women, menMean * ratio],
  ] as const) {
    const mean = group.reduce((s, r) => s + r.monthlyIncomeCents!, 0) / group.length;
    for (const r of group) r.monthlyIncomeCents = Math.round((r.monthlyIncomeCents! * target) / mean);
  }
}

function schoolLevel(rng: Rng, age: number): string | null {
  if (age <= 2) return null;
  if (age <= 5) return rng.pick([['none', 27], ['initial', 73]]);
  if (age === 6) return rng.pick([['none', 2], ['initial', 20], ['primary', 78]]);
  if (age <= 11) return rng.pick([['none', 2], ['primary', 98]]);
  if (age === 12) return rng.pick([['primary', 70], ['secondary', 30]]);
  if (age === 13) return rng.pick([['primary', 30], ['secondary', 70]]);
  return rng.pick([['primary', 5], ['secondary', 95]]);
}

const CHILD_AGE_BANDS: Weighted<Range>[] = [
  [[0, 2], 24],
  [[3, 5], 22],
  [[6, 11], 26],
  [[12, 17], 28],
];

function travellingChild(rng: Rng, settledInPeru: boolean): Child {
  const age = inRange(rng, rng.pick(CHILD_AGE_BANDS));
  return {
    id: '',
    status: 'travelling',
    sex: rng.pick([['male', 51], ['female', 49]]),
    age,
    schoolLevel: schoolLevel(rng, age),
    // On the move children are out of school; some of those settled in Lima are enrolled.
    attendingSchool: age < 3 ? null : settledInPeru && rng.chance(0.45) ? 'yes' : 'no',
    emotionalChanges: rng.chance(0.58) ? 'yes' : 'no',
    caregiver: null,
  };
}

function leftChild(rng: Rng): Child {
  const age = inRange(rng, rng.pick(CHILD_AGE_BANDS));
  const level = schoolLevel(rng, age);
  return {
    id: '',
    status: 'left_in_venezuela',
    sex: rng.pick([['male', 51], ['female', 49]]),
    age,
    schoolLevel: level,
    attendingSchool: age < 3 ? null : level !== 'none' && rng.chance(0.85) ? 'yes' : 'no',
    emotionalChanges: null,
    // Only adolescents are left on their own.
    caregiver: rng.pick<string>([
      ['mother', 35],
      ['grandparent', 35],
      ['father', 10],
      ['other_relative', 15],
      ['non_relative', 3],
      ['none', age >= 15 ? 2 : 0],
    ]),
  };
}

/** The published children, built child by child and then shared out among the households. */
function exactChildren(rng: Rng, spec: ExactChildren): Child[] {
  const children: Child[] = [];
  for (const group of spec.ageGroups) {
    // Lower levels go to the youngest: a 12-year-old last attended primary, a 17-year-old secondary.
    const ages = Array.from({ length: group.count }, () => inRange(rng, group.ages)).sort((a, b) => a - b);
    const levels = group.school.flatMap(([level, count]) => Array<string | null>(count).fill(level));
    if (levels.length !== group.count) throw new Error(`school levels of ages ${group.ages.join('-')} do not add up`);
    ages.forEach((age, i) =>
      children.push({
        id: '',
        status: 'travelling',
        sex: 'male',
        age,
        schoolLevel: levels[i],
        attendingSchool: age < 3 ? null : 'no',
        emotionalChanges: 'no',
        caregiver: null,
      }),
    );
  }
  const sexes = rng.quota<Sex>(children.length, [
    ['male', spec.boys],
    ['female', spec.girls],
  ]);
  const emotional = rng.quota<YesNo>(children.length, [
    ['yes', spec.emotionalChangesYes],
    ['no', children.length - spec.emotionalChangesYes],
  ]);
  children.forEach((c, i) => {
    c.sex = sexes[i];
    c.emotionalChanges = emotional[i];
  });
  return rng.shuffle(children);
}

function buildHouseholds(rng: Rng, point: PointPlan, rs: Respondent[], households: Household[]): void {
  const own = rs.map(
    (r): Household => ({ id: r.id.replace(/^r/, 'h'), respondentId: r.id, otherAdults: 0, travelling: [], membersInVenezuela: 0, leftInVenezuela: [] }),
  );
  // Parents travelling with children are adults of parenting age.
  const eligible = rng.shuffle(own.filter((_, i) => rs[i].age >= 20));
  if ('exact' in point.children) {
    const children = exactChildren(rng, point.children.exact);
    const sizes = rng.quota(
      point.children.exact.householdsByChildren.reduce((s, [, count]) => s + count, 0),
      point.children.exact.householdsByChildren,
    );
    let next = 0;
    sizes.forEach((size, i) => {
      eligible[i].travelling = children.slice(next, next + size);
      next += size;
    });
    if (next !== children.length) throw new Error('children per household do not add up to the published number');
  } else {
    const count = percentOf(rs.length, point.children.householdsPct);
    for (const h of eligible.slice(0, count)) {
      const size = rng.pick<number>([[1, 64], [2, 29], [3, 7]]);
      for (let k = 0; k < size; k++) h.travelling.push(travellingChild(rng, point.code === 'lima_flow'));
    }
  }
  for (const h of own) {
    h.otherAdults =
      h.travelling.length > 0 ? rng.pick<number>([[0, 30], [1, 55], [2, 15]]) : rng.pick<number>([[0, 50], [1, 30], [2, 13], [3, 7]]);
    h.membersInVenezuela = rng.pick<number>([[0, 18], [1, 14], [2, 20], [3, 19], [4, 13], [5, 8], [6, 5], [7, 2], [8, 1]]);
    if (h.membersInVenezuela > 0 && rng.chance(0.35)) {
      const left = rng.int(1, Math.min(3, h.membersInVenezuela));
      for (let k = 0; k < left; k++) h.leftInVenezuela.push(leftChild(rng));
    }
    households.push(h);
  }
}

function emptyRespondent(point: PointCode, interviewDate: string): Respondent {
  return {
    id: '',
    point,
    interviewDate,
    sex: 'male',
    age: 0,
    nationality: 'VEN',
    maritalStatus: '',
    originState: '',
    educationLevel: '',
    employedBeforeLeaving: 'no',
    reasonForLeaving: '',
    travelDays: 0,
    tripCostUsd: 0,
    // Overland from Venezuela, through Colombia and Ecuador, for those entering and those leaving Peru.
    transitCountries: ['COL', 'ECU'],
    documentUsed: '',
    ptpStatus: '',
    destinationCountry: '',
    destinationRegion: null,
    stayedOver30Days: 'no',
    monthsInPeru: null,
    workedInPeru: null,
    monthlyIncomeCents: null,
    discriminated: null,
    discriminationReason: null,
    violenceTypes: [],
  };
}

const pad = (n: number): string => String(n).padStart(5, '0');

export function buildRound(plan: RoundPlan): RoundData {
  const rng = new Rng(`dtm-hub/seeds/per-round-${plan.number}`);
  const days = daysBetween(plan.fieldworkStart, plan.fieldworkEnd);

  const byPoint = plan.points.map((point) =>
    Array.from({ length: point.respondents }, () => days[rng.int(0, days.length - 1)])
      .sort()
      .map((date) => emptyRespondent(point.code, date)),
  );
  const respondents = byPoint.flat();
  respondents.forEach((r, i) => (r.id = `r${plan.number}-${pad(i + 1)}`));
  const n = respondents.length;

  // Attributes published for the round as a whole are dealt over all respondents.
  deal(respondents, rng.quota(n, plan.sex), (r, v) => (r.sex = v));
  deal(respondents, rng.quota(n, plan.ageBands), (r, band) => (r.age = inRange(rng, band)));
  for (const r of respondents) r.maritalStatus = maritalStatus(rng, r.age);
  deal(respondents, rng.quota(n, plan.origin), (r, v) => (r.originState = v));
  deal(respondents, rng.quota(n, plan.education), (r, v) => (r.educationLevel = v));
  repairEducationByAge(rng, respondents);
  deal(respondents, rng.quota(n, yesNo(plan.employedBeforeLeavingPct)), (r, v) => (r.employedBeforeLeaving = v));
  deal(respondents, rng.quota(n, plan.reasons), (r, v) => (r.reasonForLeaving = v));
  deal(respondents, rng.quota(n, plan.travelDays), (r, band) => (r.travelDays = inRange(rng, band)));
  deal(respondents, rng.quota(n, plan.tripCostUsd), (r, band) => (r.tripCostUsd = inRange(rng, band)));
  assignViolence(rng, respondents, plan.violence);

  const households: Household[] = [];
  plan.points.forEach((point, i) => {
    applyPoint(rng, point, byPoint[i]);
    buildHouseholds(rng, point, byPoint[i], households);
  });

  let childNumber = 0;
  for (const h of households) {
    for (const c of [...h.travelling, ...h.leftInVenezuela]) c.id = `c${plan.number}-${pad(++childNumber)}`;
  }
  return { plan, respondents, households };
}
