import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestHub, TestHub } from '../support/hub';

/**
 * Every seeded round (2 to 6) against its published figures: `PublishedFigure.computed` must equal
 * the figure computed here from the raw rows of the seed bundle (read with the small CSV reader
 * below, not the hub's import), and reconcile with the published value within the figure's
 * tolerance wherever the seed is calibrated to it. Round 1 has no seed bundle.
 */
const SEEDS = path.join(__dirname, '..', '..', 'seeds');
const ROUNDS = [2, 3, 4, 5, 6];

type Row = Record<string, string>;

/** The seeds quote nothing (no cell holds a comma), so a line split is a faithful reader; a row of the wrong width fails loudly. */
function readCsv(round: number, file: 'respondents' | 'households' | 'children'): Row[] {
  const text = readFileSync(path.join(SEEDS, `per-round-${round}`, `${file}.csv`), 'utf8').replace(/^\uFEFF/, '');
  const [header, ...lines] = text.split(/\r?\n/).filter((l) => l !== '');
  const columns = header.split(',');
  return lines.map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== columns.length) throw new Error(`${file}.csv of round ${round}, line ${i + 2}: ${cells.length} cells for ${columns.length} columns`);
    return Object.fromEntries(columns.map((c, j) => [c, cells[j]]));
  });
}

interface Published {
  round: number;
  indicator: string;
  breakdown: string;
  value: number | null;
  unit: string;
}
const PUBLISHED: Published[] = JSON.parse(readFileSync(path.join(SEEDS, 'reference', 'published-figures.json'), 'utf8'));

interface Expected {
  value: number;
  n: number;
  /** Tolerance of the comparison with the published value. */
  tolerance: number;
  bound?: 'lower' | 'upper';
}
const SHARE = 0.5;

/** The raw rows of one round, with the children joined to their respondent's survey point. */
function roundRows(round: number) {
  const respondents = readCsv(round, 'respondents');
  const households = readCsv(round, 'households');
  const children = readCsv(round, 'children');
  const pointOf = new Map(respondents.map((r) => [r.respondent_id, r.survey_point]));
  const respondentOf = new Map(households.map((h) => [h.household_id, h.respondent_id]));
  const householdOf = new Map(households.map((h) => [h.respondent_id, h]));
  return {
    respondents,
    householdOf,
    children: children.map((c): Row => ({ ...c, survey_point: pointOf.get(respondentOf.get(c.household_id)!)! })),
  };
}

const at = (rows: Row[], point: string) => rows.filter((r) => r.survey_point === point);
const share = (base: Row[], pick: (r: Row) => boolean, tolerance = SHARE): Expected => ({ value: (100 * base.filter(pick).length) / base.length, n: base.length, tolerance });
const count = (rows: Row[]): Expected => ({ value: rows.length, n: rows.length, tolerance: 0 });
const mean = (rows: Row[], column: string, published: number, bound?: 'lower' | 'upper'): Expected => {
  const values = rows.map((r) => r[column]).filter((v) => v !== '').map(Number);
  return { value: values.reduce((a, b) => a + b, 0) / values.length, n: values.length, tolerance: published * 0.01, bound };
};
const age = (r: Row) => Number(r.age);
const between = (lo: number, hi: number) => (r: Row) => age(r) >= lo && age(r) <= hi;

/** The figures each round's seed can compute, by `indicator|breakdown`, each computed from the raw rows on the base its note names. */
function expectations(round: number): Record<string, (published: number) => Expected> {
  const { respondents: all, householdOf, children } = roundRows(round);
  const tumbes = at(all, 'cebaf_tumbes');
  const tacna = at(all, 'santa_rosa_tacna');
  const lima = at(all, 'lima_flow');
  const is = (column: string, value: string) => (r: Row) => r[column] === value;
  switch (round) {
    case 2:
      return {
        'sample_size|total (Tumbes, Tacna, Metropolitan Lima)': () => count(all),
        'respondents_under_35|': () => share(all, (r) => age(r) < 35),
        'reason_for_leaving|economic': () => share(all, is('reason_for_leaving', 'economic')),
        'reason_for_leaving|lack of work': () => share(all, is('reason_for_leaving', 'lack_of_work')),
        'reason_for_leaving|insecurity/violence': () => share(all, is('reason_for_leaving', 'insecurity')),
        'reason_for_leaving|lack of food and medicine': () => share(all, is('reason_for_leaving', 'food_medicine')),
        'origin_caracas|Metropolitan Lima': () => share(lima, is('origin_state', 'Distrito Capital')),
        'trip_cost_average|min of range': (p) => mean(all, 'trip_cost_usd', p, 'lower'),
        'trip_cost_average|max of range': (p) => mean(all, 'trip_cost_usd', p, 'upper'),
      };
    case 3: {
      const victims = all.filter((r) => r.violence_types !== '');
      const violence = (type: string) => (r: Row) => r.violence_types.split(';').includes(type);
      const stayed = all.filter(is('stayed_over_30_days', 'yes'));
      return {
        'will_apply_ptp|Tumbes': () => share(tumbes, is('ptp_status', 'will_apply')),
        'has_or_started_ptp|Lima': () => share(lima, (r) => r.ptp_status === 'has_ptp' || r.ptp_status === 'in_process'),
        'will_request_asylum|Lima': () => share(lima, is('ptp_status', 'asylum_seeker')),
        'final_destination|Tacna: Chile': () => share(tacna, is('destination_country', 'CHL')),
        'final_destination|Tacna: Argentina': () => share(tacna, is('destination_country', 'ARG')),
        'final_destination|Tacna: other': () => share(tacna, (r) => r.destination_country !== 'CHL' && r.destination_country !== 'ARG'),
        'origin_state_share|Caracas': () => share(all, is('origin_state', 'Distrito Capital')),
        'origin_state_share|Carabobo': () => share(all, is('origin_state', 'Carabobo')),
        'origin_state_share|Lara': () => share(all, is('origin_state', 'Lara')),
        'origin_state_share|Tachira': () => share(all, is('origin_state', 'Táchira')),
        'origin_state_share|Zulia': () => share(all, is('origin_state', 'Zulia')),
        'origin_state_share|Merida': () => share(all, is('origin_state', 'Mérida')),
        'origin_state_share|Anzoategui': () => share(all, is('origin_state', 'Anzoátegui')),
        'education_completed|university': () => share(all, is('education_level', 'university')),
        'education_completed|higher technical': () => share(all, is('education_level', 'technical')),
        'age_share|18-29': () => ({ ...share(all, between(18, 29)), bound: 'lower' }),
        'age_share|30-34': () => share(all, between(30, 34)),
        'age_share|35-39': () => share(all, between(35, 39)),
        'age_share|40-59': () => share(all, between(40, 59)),
        'discrimination_experienced|': () => share(stayed, is('discriminated', 'yes')),
        'violence_victim|': () => share(all, (r) => r.violence_types !== ''),
        'violence_type|verbal insults': () => share(victims, violence('verbal')),
        'violence_type|physical': () => share(victims, violence('physical')),
        'violence_type|sexual': () => share(victims, violence('sexual')),
        'worked_in_venezuela|': () => share(all, is('employed_before_leaving', 'yes')),
      };
    }
    case 4: {
      const kids = children.filter((c) => c.survey_point === 'cebaf_tumbes' && c.status === 'travelling');
      const aged = (lo: number, hi: number) => kids.filter(between(lo, hi));
      const earners = tacna.filter(is('worked_in_country', 'yes'));
      const incomes = (sex: string) => earners.filter((r) => r.sex === sex && r.monthly_income_usd !== '').map((r) => Number(r.monthly_income_usd));
      const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const months = tacna.map((r) => r.months_in_country).filter((v) => v !== '').map(Number);
      return {
        'sample_size|total, Tumbes + Santa Rosa (Tacna)': () => count(all),
        'sample_size|Tumbes (CEBAF)': () => count(tumbes),
        'sample_size|Santa Rosa, Tacna': () => count(tacna),
        'respondent_sex_share|male': () => share(all, is('sex', 'male')),
        'respondent_sex_share|female': () => share(all, is('sex', 'female')),
        'time_in_peruvian_cities_before_exit|Tacna exits, minimum of range': () => ({ value: Math.min(...months), n: months.length, tolerance: 0 }),
        'time_in_peruvian_cities_before_exit|Tacna exits, maximum of range': () => ({ value: Math.max(...months), n: months.length, tolerance: 0 }),
        'average_monthly_salary_in_peru|all (Tacna exit respondents who worked during stay)': (p) => mean(earners, 'monthly_income_usd', p),
        'gender_pay_gap|women vs men': () => {
          const [men, women] = [incomes('male'), incomes('female')];
          return { value: (100 * (avg(men) - avg(women))) / avg(men), n: men.length + women.length, tolerance: SHARE };
        },
        'discrimination_experienced|Tumbes': () => share(tumbes.filter(is('stayed_over_30_days', 'yes')), is('discriminated', 'yes')),
        'discrimination_experienced|Tacna': () => share(tacna.filter(is('stayed_over_30_days', 'yes')), is('discriminated', 'yes')),
        'children_registered|children travelling with respondents, Tumbes': () => count(kids),
        "children_age_share|under 5 ('menos de 5 anos')": () => share(kids, between(0, 5)),
        'children_age_share|6-11 years': () => share(kids, between(6, 11)),
        'children_age_share|12-17 years': () => share(kids, between(12, 17)),
        'children_sex_share|boys': () => share(kids, is('sex', 'male')),
        'children_sex_share|girls': () => share(kids, is('sex', 'female')),
        'children_schooling_in_venezuela|some primary': () => share(aged(3, 17), is('school_level', 'primary')),
        'children_schooling_in_venezuela|secondary': () => share(aged(3, 17), is('school_level', 'secondary')),
        'children_schooling_in_venezuela|initial': () => share(aged(3, 17), is('school_level', 'initial')),
        'children_without_schooling|primary-school age': () => share(aged(6, 11), is('school_level', 'none')),
        'children_not_accessed_initial_education|initial-education age': () => share(aged(3, 5), is('school_level', 'none')),
        'children_strong_emotional_changes|all': () => share(kids, is('emotional_changes', 'yes')),
      };
    }
    case 5:
      return {
        'sample_size|Tumbes + Tacna': () => count(all),
        'peru_final_destination|Tumbes entrants': () => share(tumbes, is('destination_country', 'PER')),
        'stayed_in_peru_over_30_days|Tacna exits': () => share(tacna, is('stayed_over_30_days', 'yes')),
        'chile_final_destination|Tacna exits': () => share(tacna, is('destination_country', 'CHL')),
        'travelling_with_minors|Tumbes entrants': () => share(tumbes, (r) => Number(householdOf.get(r.respondent_id)?.travelling_children || 0) > 0),
      };
    case 6:
      return {
        'sample_size|total': () => count(all),
        'sample_size|CEBAF Tumbes': () => count(tumbes),
        'sample_size|Tacna (around Chilean consulate)': () => count(at(all, 'tacna_chile_consulate')),
        'document_used_to_cross_north|cedula (ID card)': () => share(tumbes, is('document_used', 'national_id')),
        'document_used_to_cross_north|passport': () => share(tumbes, is('document_used', 'passport')),
      };
    default:
      return {};
  }
}

/** Published figures the seeds are known not to reproduce: drawn at random around the published share, not fixed to it (calibration off). */
const CALIBRATION_OFF = ['3|has_or_started_ptp|Lima', '3|will_request_asylum|Lima'];

interface Computed {
  value: number | null;
  n: number | null;
  difference: number | null;
  tolerance: number;
  withinTolerance: boolean | null;
  withheld: boolean;
  method: string;
}
interface Figure {
  indicator: string;
  breakdown: string;
  value: number | null;
  computed: Computed | null;
}

const QUERY = `query ($round: Int!) { publishedFigures(filter: { country: "PER", round: $round }) {
  indicator breakdown value computed { value n difference tolerance withinTolerance withheld method } } }`;

const reconciles = (e: Expected, published: number) => {
  const d = e.value - published;
  if (e.bound === 'lower') return d >= -e.tolerance - 1e-9;
  if (e.bound === 'upper') return d <= e.tolerance + 1e-9;
  return Math.abs(d) <= e.tolerance + 1e-9;
};

describe('Aggregation: published figures of every seeded round reconcile with the raw seed rows', () => {
  let t: TestHub;
  const partner = new Map<number, Figure[]>();
  const pub = new Map<number, Figure[]>();
  beforeAll(async () => {
    t = await startTestHub({ rounds: ROUNDS });
    for (const round of ROUNDS) {
      for (const [as, into] of [['partner', partner], [undefined, pub]] as const) {
        const res = await t.exec(QUERY, { round }, as);
        expect(res.errors).toBeUndefined();
        into.set(round, res.data!.publishedFigures);
      }
    }
  });
  afterAll(() => t.close());

  it('has no seed for Round 1, so none of its figures is computed', async () => {
    const res = await t.exec(QUERY, { round: 1 }, 'partner');
    const figures: Figure[] = res.data!.publishedFigures;
    expect(figures.length).toBe(PUBLISHED.filter((f) => f.round === 1).length);
    expect(figures.filter((f) => f.computed !== null)).toEqual([]);
  });

  it.each(ROUNDS)('computes for partners, in Round %i, exactly the figures the raw rows compute, with the same value and base', (round) => {
    const expected = expectations(round);
    const figures = partner.get(round)!;
    const computed = figures.filter((f) => f.computed !== null).map((f) => `${f.indicator}|${f.breakdown}`);
    expect(computed.sort()).toEqual(Object.keys(expected).sort());
    for (const f of figures.filter((x) => x.computed !== null)) {
      const label = `${round}|${f.indicator}|${f.breakdown}`;
      const e = expected[`${f.indicator}|${f.breakdown}`](f.value!);
      const got = f.computed!;
      expect({ label, value: got.value, n: got.n, withheld: got.withheld }).toEqual({ label, value: expect.closeTo(e.value, 5), n: e.n, withheld: false });
      expect({ label, difference: got.difference }).toEqual({ label, difference: expect.closeTo(e.value - f.value!, 5) });
      expect({ label, tolerance: got.tolerance }).toEqual({ label, tolerance: expect.closeTo(e.tolerance, 9) });
      expect({ label, within: got.withinTolerance }).toEqual({ label, within: reconciles(e, f.value!) });
    }
  });

  it('reconciles every computed figure within tolerance for partners, but the two the seeds draw at random', () => {
    const missed: string[] = [];
    for (const round of ROUNDS) {
      for (const f of partner.get(round)!) if (f.computed && !f.computed.withinTolerance) missed.push(`${round}|${f.indicator}|${f.breakdown}`);
    }
    expect(missed).toEqual(CALIBRATION_OFF);
  });

  it('shows public callers perturbed counts and shares within the documented bounds, or withholds them', () => {
    const lines: string[] = [];
    for (const round of ROUNDS) {
      let within = 0;
      const withheld: string[] = [];
      const off: string[] = [];
      const computed = partner.get(round)!.filter((f) => f.computed !== null);
      for (const f of computed) {
        const exact = f.computed!;
        const got = pub.get(round)!.find((x) => x.indicator === f.indicator && x.breakdown === f.breakdown)!.computed!;
        const label = `${round}|${f.indicator}|${f.breakdown}`;
        expect({ label, method: got.method }).toEqual({ label, method: exact.method });
        if (got.withheld) {
          withheld.push(`${f.indicator}|${f.breakdown}`);
          expect({ label, value: got.value, within: got.withinTolerance }).toEqual({ label, value: null, within: null });
          continue;
        }
        if (got.withinTolerance) within++;
        else off.push(`${f.indicator}|${f.breakdown}: published ${f.value}, public ${got.value}, partner ${exact.value}`);
        const isCount = exact.tolerance === 0;
        // A count moves by at most 2; a share of counts each moved by at most 2 (and its base) by at most this.
        const bound = isCount ? 2 : (100 * 4) / (exact.n! - 2);
        if (isCount || /share of|total with/.test(exact.method)) expect({ label, off: Math.abs(got.value! - exact.value!) <= bound }).toEqual({ label, off: true });
      }
      lines.push(`round ${round}: ${computed.length} computed; public: ${within} within tolerance, withheld ${withheld.length} [${withheld.join('; ')}], off ${off.length} [${off.join('; ')}]`);
    }
    console.log(`public reconciliation:\n  ${lines.join('\n  ')}`);
  });
});
