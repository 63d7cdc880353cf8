import { publishedFigures } from '../support/csv';
import { startTestHub, TestHub } from '../support/hub';

/**
 * Round 4 of the seeds must reproduce every Round 4 figure that IOM/UNICEF published (verified)
 * or that follows from them (derived), each on the base its denominator note names. Expected
 * values come from published-figures.json; computed values from SQL over the loaded database.
 */
type Check = { kind: 'share' | 'mean' | 'count' | 'gap'; sql: string };

const R = "r.round_id = 'PER-4'";
const TUMBES = "r.survey_point_id = 'PER-4:cebaf_tumbes'";
const TACNA = "r.survey_point_id = 'PER-4:santa_rosa_tacna'";
const KIDS = `FROM child c JOIN household h ON h.id = c.household_id JOIN respondent r ON r.id = h.respondent_id
  WHERE ${R} AND ${TUMBES} AND c.status = 'travelling'`;
const share = (base: string, condition: string): Check => ({
  kind: 'share',
  sql: `SELECT 100.0 * SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END) / COUNT(*) AS v ${base}`,
});
const RESP = `FROM respondent r WHERE ${R}`;
const STAYED = (point: string) => `FROM respondent r WHERE ${R} AND ${point} AND r.stayed_over_30_days = ${'$TRUE'}`;
const EARNERS = `FROM respondent r WHERE ${R} AND r.monthly_income_usd IS NOT NULL`;

const CHECKS: Record<string, Check> = {
  'sample_size|total, Tumbes + Santa Rosa (Tacna)': { kind: 'count', sql: `SELECT COUNT(*) AS v ${RESP}` },
  'sample_size|Tumbes (CEBAF)': { kind: 'count', sql: `SELECT COUNT(*) AS v ${RESP} AND ${TUMBES}` },
  'sample_size|Santa Rosa, Tacna': { kind: 'count', sql: `SELECT COUNT(*) AS v ${RESP} AND ${TACNA}` },
  'respondent_sex_share|male': share(RESP, "r.sex = 'male'"),
  'respondent_sex_share|female': share(RESP, "r.sex = 'female'"),
  'average_monthly_salary_in_peru|all (Tacna exit respondents who worked during stay)': {
    kind: 'mean',
    sql: `SELECT AVG(r.monthly_income_usd) AS v ${EARNERS} AND ${TACNA} AND r.worked_in_country = $TRUE`,
  },
  'gender_pay_gap|women vs men': {
    kind: 'gap',
    sql: `SELECT 100.0 * (1 - AVG(CASE WHEN r.sex = 'female' THEN r.monthly_income_usd END) / AVG(CASE WHEN r.sex = 'male' THEN r.monthly_income_usd END)) AS v ${EARNERS} AND ${TACNA}`,
  },
  'discrimination_experienced|Tumbes': share(STAYED(TUMBES), 'r.discriminated = $TRUE'),
  'discrimination_experienced|Tacna': share(STAYED(TACNA), 'r.discriminated = $TRUE'),
  'children_registered|children travelling with respondents, Tumbes': { kind: 'count', sql: `SELECT COUNT(*) AS v ${KIDS}` },
  "children_age_share|under 5 ('menos de 5 anos')": share(KIDS, 'c.age <= 5'),
  'children_age_share|6-11 years': share(KIDS, 'c.age BETWEEN 6 AND 11'),
  'children_age_share|12-17 years': share(KIDS, 'c.age BETWEEN 12 AND 17'),
  'children_sex_share|boys': share(KIDS, "c.sex = 'male'"),
  'children_sex_share|girls': share(KIDS, "c.sex = 'female'"),
  'children_schooling_in_venezuela|some primary': share(`${KIDS} AND c.age >= 3`, "c.school_level = 'primary'"),
  'children_schooling_in_venezuela|secondary': share(`${KIDS} AND c.age >= 3`, "c.school_level = 'secondary'"),
  'children_schooling_in_venezuela|initial': share(`${KIDS} AND c.age >= 3`, "c.school_level = 'initial'"),
  'children_without_schooling|primary-school age': share(`${KIDS} AND c.age BETWEEN 6 AND 11`, "c.school_level = 'none'"),
  'children_not_accessed_initial_education|initial-education age': share(`${KIDS} AND c.age BETWEEN 3 AND 5`, "c.school_level = 'none'"),
  'children_strong_emotional_changes|all': share(KIDS, 'c.emotional_changes = $TRUE'),
};

/** Round 4 figures that are not about the interviews themselves, and where they are checked instead. */
const NOT_MICRODATA: Record<string, string> = {
  'venezuelans_residing_abroad': 'official series: test/api/example-operations.test.ts',
  'snm_migratory_balance_jan2017_oct2018': 'official series: test/api/example-operations.test.ts',
  'ptp_issued_12nov2018': 'official series: test/api/example-operations.test.ts',
  'ptp_in_process_12nov2018': 'official series: test/api/example-operations.test.ts',
  'fieldwork_period': 'round metadata: checked below',
  'results_release_date': 'round metadata: checked below',
  'time_in_peruvian_cities_before_exit': 'a range: checked below',
  'main_destination_cities': 'a ranking: checked below',
};

describe('Seeds: Round 4 reproduces the published figures', () => {
  let t: TestHub;
  const value = async (sql: string): Promise<number> => {
    const isPg = t.ds.options.type === 'postgres';
    const [row] = await t.ds.query(sql.replace(/\$TRUE/g, isPg ? 'TRUE' : '1'));
    return Number(row.v);
  };
  beforeAll(async () => {
    t = await startTestHub({ rounds: [4] });
  });
  afterAll(() => t.close());

  const round4 = publishedFigures().filter((f) => f.round === 4 && (f.confidence === 'verified' || f.confidence === 'derived'));

  it('has a check for every verified or derived Round 4 figure', () => {
    for (const f of round4) {
      const key = `${f.indicator}|${f.breakdown}`;
      expect(CHECKS[key] !== undefined || NOT_MICRODATA[f.indicator] !== undefined ? key : `missing: ${key}`).toBe(key);
    }
  });

  it.each(round4.filter((f) => CHECKS[`${f.indicator}|${f.breakdown}`]).map((f) => [`${f.indicator} (${f.breakdown})`, f] as const))(
    'reproduces %s on its published base',
    async (_label, f) => {
      const check = CHECKS[`${f.indicator}|${f.breakdown}`];
      const computed = await value(check.sql);
      const published = f.value!;
      if (check.kind === 'count') expect(computed).toBe(published);
      else if (check.kind === 'mean') expect(Math.abs(computed - published) / published).toBeLessThanOrEqual(0.01);
      else expect(Math.abs(computed - published)).toBeLessThanOrEqual(0.5);
    },
  );

  it('keeps Tacna exits in Peruvian cities between 3 and 12 months, as published', async () => {
    const [min, max] = ['minimum', 'maximum'].map((m) => round4.find((f) => f.indicator === 'time_in_peruvian_cities_before_exit' && f.breakdown.includes(m))!.value!);
    expect(await value(`SELECT MIN(r.months_in_country) AS v FROM respondent r WHERE ${R} AND ${TACNA}`)).toBeGreaterThanOrEqual(min);
    expect(await value(`SELECT MAX(r.months_in_country) AS v FROM respondent r WHERE ${R} AND ${TACNA}`)).toBeLessThanOrEqual(max);
  });

  it('ranks the Peruvian destination departments as published', async () => {
    const published = round4.find((f) => f.indicator === 'main_destination_cities')!.denominator_note!.split(',').map((s) => s.trim());
    const rows: { name: string }[] = await t.ds.query(
      `SELECT l.name AS name, COUNT(*) AS n FROM respondent r JOIN location l ON l.pcode = r.destination_region_pcode
       WHERE ${R} GROUP BY l.name ORDER BY COUNT(*) DESC, l.name LIMIT ${published.length}`,
    );
    const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    expect(rows.map((r) => fold(r.name))).toEqual(published.map(fold));
  });

  it('dates the round as the published fieldwork period and release date', async () => {
    const [round] = await t.ds.query(`SELECT fieldwork_start AS s, fieldwork_end AS e, published_on AS p FROM round WHERE id = 'PER-4'`);
    const iso = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));
    expect(round4.find((f) => f.indicator === 'fieldwork_period')!.denominator_note).toBe('September-October 2018');
    expect(iso(round.s) >= '2018-09-01' && iso(round.e) <= '2018-10-31').toBe(true);
    expect(round4.find((f) => f.indicator === 'results_release_date')!.denominator_note).toMatch(/^18 Dec 2018/);
    expect(iso(round.p)).toBe('2018-12-18');
  });
});
