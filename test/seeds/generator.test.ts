import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { generateSeeds } from '../../seeds/generate';

/**
 * The generator runs into a temporary folder; its output must be the committed seeds byte for
 * byte, and its Round 4 rows must reproduce the published figures. Expected values are read from
 * seeds/reference/published-figures.json and recomputed here from the raw CSV rows.
 */

const SEEDS_DIR = path.resolve(__dirname, '../../seeds');
const ROUNDS = [2, 3, 4, 5, 6];
const FILES = ['children.csv', 'households.csv', 'respondents.csv', 'round.json'];

type Row = Record<string, string>;
interface Figure {
  round: number;
  indicator: string;
  breakdown: string;
  value: number | null;
  denominator_note: string | null;
  source_url: string | null;
}

const FIGURES: Figure[] = JSON.parse(readFileSync(path.join(SEEDS_DIR, 'reference', 'published-figures.json'), 'utf8'));

function published(indicator: string, breakdown: string): number {
  const figure = FIGURES.find((f) => f.round === 4 && f.indicator === indicator && f.breakdown === breakdown);
  if (!figure || figure.value === null) throw new Error(`no published Round 4 value for ${indicator} (${breakdown})`);
  return figure.value;
}

function rows(dir: string, round: number, file: string): Row[] {
  return parse(readFileSync(path.join(dir, `per-round-${round}`, file), 'utf8'), { columns: true }) as Row[];
}

const header = (dir: string, round: number, file: string): string[] =>
  readFileSync(path.join(dir, `per-round-${round}`, file), 'utf8').split('\n', 1)[0].split(',');

/** Percentage of `base` rows for which `test` holds. */
function share<T>(base: T[], test: (row: T) => boolean): number {
  if (base.length === 0) throw new Error('empty base');
  return (100 * base.filter(test).length) / base.length;
}

const mean = (values: number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

describe('Seeds: generator', () => {
  let out: string;

  beforeAll(() => {
    out = mkdtempSync(path.join(os.tmpdir(), 'dtm-hub-seeds-'));
    generateSeeds(out);
  });

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes round bundles byte-identical to the committed seeds/per-round-* folders', () => {
    const differing: string[] = [];
    for (const round of ROUNDS) {
      const folder = `per-round-${round}`;
      expect(readdirSync(path.join(out, folder)).sort()).toEqual(FILES);
      expect(readdirSync(path.join(SEEDS_DIR, folder)).sort()).toEqual(FILES);
      for (const file of FILES) {
        const generated = readFileSync(path.join(out, folder, file));
        if (!generated.equals(readFileSync(path.join(SEEDS_DIR, folder, file)))) differing.push(`${folder}/${file}`);
      }
    }
    expect(differing).toEqual([]);
  });

  describe('Round 4', () => {
    let respondents: Row[];
    let tumbes: Row[];
    let tacna: Row[];
    let kids: Row[];
    let earners: Row[];

    beforeAll(() => {
      respondents = rows(out, 4, 'respondents.csv');
      tumbes = respondents.filter((r) => r.survey_point === 'cebaf_tumbes');
      tacna = respondents.filter((r) => r.survey_point === 'santa_rosa_tacna');
      const tumbesIds = new Set(tumbes.map((r) => r.respondent_id));
      const tumbesHouseholds = new Set(
        rows(out, 4, 'households.csv')
          .filter((h) => tumbesIds.has(h.respondent_id))
          .map((h) => h.household_id),
      );
      kids = rows(out, 4, 'children.csv').filter((c) => c.status === 'travelling' && tumbesHouseholds.has(c.household_id));
      earners = tacna.filter((r) => r.monthly_income_usd !== '');
    });

    const age = (c: Row): number => Number(c.age);
    const stayedAt = (point: () => Row[]) => () => point().filter((r) => r.stayed_over_30_days === 'yes');
    const income = (rs: Row[]): number => mean(rs.map((r) => Number(r.monthly_income_usd)));

    const counts: [string, string, () => number][] = [
      ['sample_size', 'total, Tumbes + Santa Rosa (Tacna)', () => respondents.length],
      ['sample_size', 'Tumbes (CEBAF)', () => tumbes.length],
      ['sample_size', 'Santa Rosa, Tacna', () => tacna.length],
      ['children_registered', 'children travelling with respondents, Tumbes', () => kids.length],
    ];
    it.each(counts)('has the published count for %s (%s)', (indicator, breakdown, compute) => {
      expect(compute()).toBe(published(indicator, breakdown));
    });

    const shares: [string, string, () => number][] = [
      ['respondent_sex_share', 'male', () => share(respondents, (r) => r.sex === 'male')],
      ['respondent_sex_share', 'female', () => share(respondents, (r) => r.sex === 'female')],
      ["children_age_share", "under 5 ('menos de 5 anos')", () => share(kids, (c) => age(c) <= 5)],
      ['children_age_share', '6-11 years', () => share(kids, (c) => age(c) >= 6 && age(c) <= 11)],
      ['children_age_share', '12-17 years', () => share(kids, (c) => age(c) >= 12)],
      ['children_sex_share', 'boys', () => share(kids, (c) => c.sex === 'male')],
      ['children_sex_share', 'girls', () => share(kids, (c) => c.sex === 'female')],
      ['children_strong_emotional_changes', 'all', () => share(kids, (c) => c.emotional_changes === 'yes')],
      ['children_schooling_in_venezuela', 'some primary', () => share(kids.filter((c) => age(c) >= 3), (c) => c.school_level === 'primary')],
      ['children_schooling_in_venezuela', 'secondary', () => share(kids.filter((c) => age(c) >= 3), (c) => c.school_level === 'secondary')],
      ['children_schooling_in_venezuela', 'initial', () => share(kids.filter((c) => age(c) >= 3), (c) => c.school_level === 'initial')],
      [
        'children_without_schooling',
        'primary-school age',
        () => share(kids.filter((c) => age(c) >= 6 && age(c) <= 11), (c) => c.school_level === 'none'),
      ],
      [
        'children_not_accessed_initial_education',
        'initial-education age',
        () => share(kids.filter((c) => age(c) >= 3 && age(c) <= 5), (c) => c.school_level === 'none'),
      ],
      ['discrimination_experienced', 'Tumbes', () => share(stayedAt(() => tumbes)(), (r) => r.discriminated === 'yes')],
      ['discrimination_experienced', 'Tacna', () => share(stayedAt(() => tacna)(), (r) => r.discriminated === 'yes')],
      [
        'gender_pay_gap',
        'women vs men',
        () => {
          const men = income(earners.filter((r) => r.sex === 'male'));
          return (100 * (men - income(earners.filter((r) => r.sex === 'female')))) / men;
        },
      ],
    ];
    it.each(shares)('reproduces %s (%s) within 0.5 percentage points', (indicator, breakdown, compute) => {
      expect(Math.abs(compute() - published(indicator, breakdown))).toBeLessThanOrEqual(0.5);
    });

    it('reproduces the average monthly income of Tacna exits who worked within 1%', () => {
      const target = published('average_monthly_salary_in_peru', 'all (Tacna exit respondents who worked during stay)');
      expect(earners.every((r) => r.worked_in_country === 'yes')).toBe(true);
      expect(Math.abs(income(earners) - target) / target).toBeLessThanOrEqual(0.01);
    });

    it('asks about work in Peru only of Tacna exits, not of Tumbes entrants', () => {
      expect(tumbes.filter((r) => r.worked_in_country !== '' || r.monthly_income_usd !== '')).toEqual([]);
      expect(tacna.every((r) => r.worked_in_country === 'yes' || r.worked_in_country === 'no')).toBe(true);
    });

    it('keeps every Tacna exit in Peru between the published 3 and 12 months', () => {
      const min = published('time_in_peruvian_cities_before_exit', 'Tacna exits, minimum of range');
      const max = published('time_in_peruvian_cities_before_exit', 'Tacna exits, maximum of range');
      const months = tacna.map((r) => Number(r.months_in_country));
      expect(tacna.every((r) => r.months_in_country !== '')).toBe(true);
      expect(Math.min(...months)).toBeGreaterThanOrEqual(min);
      expect(Math.max(...months)).toBeLessThanOrEqual(max);
    });

    it('ranks the destination departments in the published order', () => {
      const ranking = FIGURES.find((f) => f.round === 4 && f.indicator === 'main_destination_cities')!
        .denominator_note!.split(',')
        .map((s) => s.trim());
      const tally = new Map<string, number>();
      for (const r of respondents) if (r.destination_region) tally.set(r.destination_region, (tally.get(r.destination_region) ?? 0) + 1);
      const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
      const top = [...tally.entries()].sort((a, b) => b[1] - a[1]).slice(0, ranking.length + 1);
      expect(top.slice(0, ranking.length).map(([name]) => fold(name))).toEqual(ranking.map(fold));
      // Strictly ahead of the next one, so that no tie-breaking rule decides the ranking.
      for (let i = 0; i < ranking.length; i++) expect(top[i][1]).toBeGreaterThan(top[i + 1][1]);
    });
  });

  it.each(ROUNDS)('follows the import-format rules in round %i', (round) => {
    const meta = JSON.parse(readFileSync(path.join(out, `per-round-${round}`, 'round.json'), 'utf8'));
    expect(meta).toMatchObject({ country: 'PER', number: round, dataKind: 'synthetic_calibrated' });
    expect(FIGURES.some((f) => f.round === round && f.source_url === meta.sourceUrl)).toBe(true);
    const points = new Set(meta.surveyPoints.map((p: { code: string }) => p.code));

    expect(header(out, round, 'respondents.csv')).toEqual(
      expect.arrayContaining(['respondent_id', 'survey_point', 'interview_date', 'sex', 'age', 'nationality', 'marital_status', 'origin_state',
        'education_level', 'employed_before_leaving', 'reason_for_leaving', 'travel_days', 'trip_cost_usd', 'transit_countries',
        'document_used', 'ptp_status', 'destination_country', 'destination_region', 'stayed_over_30_days', 'months_in_country',
        'worked_in_country', 'monthly_income_usd', 'discriminated', 'discrimination_reason', 'violence_types']),
    );
    expect(header(out, round, 'households.csv')).toEqual(
      expect.arrayContaining(['household_id', 'respondent_id', 'travelling_size', 'travelling_children', 'members_in_venezuela', 'children_in_venezuela']),
    );
    expect(header(out, round, 'children.csv')).toEqual(
      expect.arrayContaining(['child_id', 'household_id', 'status', 'sex', 'age', 'school_level', 'attending_school', 'emotional_changes', 'caregiver']),
    );

    const respondents = rows(out, round, 'respondents.csv');
    const households = rows(out, round, 'households.csv');
    const children = rows(out, round, 'children.csv');
    const problems: string[] = [];
    const ids = new Set(respondents.map((r) => r.respondent_id));
    if (ids.size !== respondents.length) problems.push('duplicate respondent_id');
    for (const r of respondents) {
      const where = r.respondent_id;
      if (!new RegExp(`^r${round}-\\d{5}$`).test(where)) problems.push(`${where}: id`);
      if (!points.has(r.survey_point)) problems.push(`${where}: survey_point`);
      if (r.interview_date < meta.fieldworkStart || r.interview_date > meta.fieldworkEnd) problems.push(`${where}: interview_date`);
      if (Number(r.age) < 18) problems.push(`${where}: age`);
      if (r.monthly_income_usd && r.worked_in_country !== 'yes') problems.push(`${where}: income without work`);
      if (r.discriminated && r.stayed_over_30_days !== 'yes') problems.push(`${where}: discriminated without a stay`);
      if (r.discrimination_reason && r.discriminated !== 'yes') problems.push(`${where}: reason without discrimination`);
      if (r.destination_region && r.destination_country !== 'PER') problems.push(`${where}: region outside Peru`);
    }
    const travelling = new Map<string, number>();
    const left = new Map<string, number>();
    const householdIds = new Set(households.map((h) => h.household_id));
    for (const c of children) {
      if (!householdIds.has(c.household_id)) problems.push(`${c.child_id}: household`);
      if (c.caregiver && c.status !== 'left_in_venezuela') problems.push(`${c.child_id}: caregiver of a travelling child`);
      const tally = c.status === 'travelling' ? travelling : left;
      tally.set(c.household_id, (tally.get(c.household_id) ?? 0) + 1);
    }
    if (new Set(children.map((c) => c.child_id)).size !== children.length) problems.push('duplicate child_id');
    if (new Set(households.map((h) => h.respondent_id)).size !== respondents.length || households.length !== respondents.length) {
      problems.push('not exactly one household per respondent');
    }
    for (const h of households) {
      const size = Number(h.travelling_size);
      const kidsTravelling = Number(h.travelling_children);
      if (!ids.has(h.respondent_id)) problems.push(`${h.household_id}: respondent`);
      if (size < 1 || kidsTravelling >= size) problems.push(`${h.household_id}: travelling_size`);
      if (kidsTravelling !== (travelling.get(h.household_id) ?? 0)) problems.push(`${h.household_id}: travelling_children`);
      if (Number(h.children_in_venezuela) !== (left.get(h.household_id) ?? 0)) problems.push(`${h.household_id}: children_in_venezuela`);
      if (Number(h.children_in_venezuela) > Number(h.members_in_venezuela)) problems.push(`${h.household_id}: members_in_venezuela`);
    }
    expect(problems).toEqual([]);
  });
});
