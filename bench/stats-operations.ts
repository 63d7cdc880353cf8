import { Engine, Row } from './plain-db';

/**
 * The documented stats operations, each with the plain SQL that computes the same figures on the
 * same database, and a check that the two agree. A *variant* is a filter that still covers every
 * unit but differs from the others, so each cold run is an operation the hub has not answered
 * before (no response cache can serve it) while the database does the same work every time.
 */

export interface SqlStatement {
  sql: string;
  params: unknown[];
}

export interface StatsOperation {
  id: string;
  /** What the report calls it. */
  title: string;
  /** The target for hub time / plain SQL time. */
  target: number;
  /** How many distinct variants exist. */
  variants: number;
  /** GraphQL document of a variant (a partner asks it: exact values). */
  query(variant: number): string;
  /** Plain SQL of the same variant on an engine. */
  plain(engine: Engine, variant: number): SqlStatement;
  /** What differs between the hub's answer and the plain rows, or null when they agree. */
  compare(data: unknown, rows: Row[]): string | null;
}

const GROUP_FIELDS = 'keys { dimension code label } count share ci95 { low high } suppressed';

const RESPONDENT_AGE_BAND =
  "CASE WHEN r.age < 25 THEN '18-24' WHEN r.age < 35 THEN '25-34' WHEN r.age < 45 THEN '35-44' WHEN r.age < 60 THEN '45-59' ELSE '60+' END";
const CHILD_AGE_BAND = "CASE WHEN c.age < 6 THEN '0-5' WHEN c.age < 12 THEN '6-11' ELSE '12-17' END";

/** Respondents are 18 to 75 in generated bundles; every ageMax from 120 down to 76 keeps them all. */
const RESPONDENT_VARIANTS = 45;
const respondentAgeMax = (variant: number) => 120 - (variant % RESPONDENT_VARIANTS);

/**
 * Children are 0 to 17 and a child filter allows ages 0-17 only, so the variants combine filters
 * that each keep every child: ageMin 0, ageMax 17 and the round.
 */
function childVariant(variant: number, roundId: string): { graphql: string; where: string[]; params: unknown[] } {
  const bits = variant % 8;
  const graphql: string[] = [];
  const where: string[] = [];
  const params: unknown[] = [];
  if (bits & 1) {
    graphql.push('ageMin: 0');
    params.push(0);
    where.push(`c.age >= $${params.length}`);
  }
  if (bits & 2) {
    graphql.push('ageMax: 17');
    params.push(17);
    where.push(`c.age <= $${params.length}`);
  }
  if (bits & 4) {
    const [country, number] = roundId.split('-');
    graphql.push(`country: "${country}", round: ${number}`);
    params.push(roundId);
    where.push(`c.round_id = $${params.length}`);
  }
  return { graphql: graphql.join(', '), where, params };
}

interface HubGroup {
  keys: { code: string | null }[];
  count: number | null;
  measures?: { n: number | null; mean: number | null; median: number | null }[];
}
interface HubStats {
  total: number | null;
  groups: HubGroup[];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const close = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b));

/** Compares groups by their codes: counts exactly, means and medians to the hub's 6 decimals. */
function compareGroups(field: string, keyCount: number, withMeasure: boolean) {
  return (data: unknown, rows: Row[]): string | null => {
    const stats = (data as Record<string, HubStats> | null)?.[field];
    if (!stats) return `the hub answered no ${field}`;
    const plain = new Map(rows.map((r) => [Array.from({ length: keyCount }, (_, i) => r[`k${i + 1}`] ?? '').join('|'), r]));
    const problems: string[] = [];
    const total = rows.reduce((s, r) => s + Number(r.n), 0);
    if (stats.total !== total) problems.push(`total ${stats.total} vs ${total}`);
    if (stats.groups.length !== plain.size) problems.push(`${stats.groups.length} groups vs ${plain.size}`);
    for (const g of stats.groups) {
      const key = g.keys.map((k) => k.code ?? '').join('|');
      const r = plain.get(key);
      if (!r) {
        problems.push(`group ${key} is not in the plain result`);
        continue;
      }
      if (g.count !== Number(r.n)) problems.push(`group ${key}: count ${g.count} vs ${Number(r.n)}`);
      if (withMeasure) {
        const m = g.measures?.[0];
        if (!m || m.n !== Number(r.m_n) || !close(m.mean, num(r.m_mean)) || !close(m.median, num(r.m_median))) {
          problems.push(`group ${key}: measure ${JSON.stringify(m)} vs n ${Number(r.m_n)}, mean ${num(r.m_mean)}, median ${num(r.m_median)}`);
        }
      }
    }
    return problems.length ? problems.slice(0, 5).join('; ') : null;
  };
}

/** Median per group without percentile_cont: the mean of the one or two middle values of each group. */
function sqliteMedianSql(keys: string, from: string, where: string, value: string): string {
  return `WITH base AS (SELECT ${keys}, ${value} AS x FROM ${from} WHERE ${where}),
ranked AS (
  SELECT k1, k2, k3, x, ROW_NUMBER() OVER (PARTITION BY k1, k2, k3 ORDER BY x) AS rn, COUNT(*) OVER (PARTITION BY k1, k2, k3) AS cnt
  FROM base WHERE x IS NOT NULL
),
med AS (SELECT k1, k2, k3, AVG(x) AS m_median FROM ranked WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY k1, k2, k3),
agg AS (SELECT k1, k2, k3, COUNT(*) AS n, COUNT(x) AS m_n, AVG(x) AS m_mean FROM base GROUP BY k1, k2, k3)
SELECT agg.k1, agg.k2, agg.k3, agg.n, agg.m_n, agg.m_mean, med.m_median
FROM agg LEFT JOIN med ON med.k1 IS agg.k1 AND med.k2 IS agg.k2 AND med.k3 IS agg.k3`;
}

export function statsOperations(roundId: string): StatsOperation[] {
  const respondentFrom = 'respondent r JOIN survey_point sp ON sp.id = r.survey_point_id';
  return [
    {
      id: 'respondents-point-sex',
      title: '`respondentStats(groupBy: [SURVEY_POINT, SEX])`',
      target: 1.2,
      variants: RESPONDENT_VARIANTS,
      query: (v) =>
        `query BenchPointSex { respondentStats(groupBy: [SURVEY_POINT, SEX], filter: { ageMax: ${respondentAgeMax(v)} }) { total groups { ${GROUP_FIELDS} } } }`,
      plain: (_engine, v) => ({
        sql: `SELECT sp.code AS k1, r.sex AS k2, COUNT(*) AS n FROM ${respondentFrom} WHERE r.age <= $1 GROUP BY k1, k2`,
        params: [respondentAgeMax(v)],
      }),
      compare: compareGroups('respondentStats', 2, false),
    },
    {
      id: 'respondents-point-sex-band-income',
      title: '`respondentStats(groupBy: [SURVEY_POINT, SEX, AGE_BAND], measures: [MONTHLY_INCOME_USD])` (mean, median)',
      target: 1.5,
      variants: RESPONDENT_VARIANTS,
      query: (v) =>
        `query BenchPointSexBandIncome { respondentStats(groupBy: [SURVEY_POINT, SEX, AGE_BAND], measures: [MONTHLY_INCOME_USD], filter: { ageMax: ${respondentAgeMax(v)} }) { total groups { ${GROUP_FIELDS} measures { measure n mean median } } } }`,
      plain: (engine, v) => {
        const keys = `sp.code AS k1, r.sex AS k2, ${RESPONDENT_AGE_BAND} AS k3`;
        if (engine === 'sqlite') return { sql: sqliteMedianSql(keys, respondentFrom, 'r.age <= $1', 'r.monthly_income_usd'), params: [respondentAgeMax(v)] };
        return {
          sql: `SELECT ${keys}, COUNT(*) AS n, COUNT(r.monthly_income_usd) AS m_n, AVG(r.monthly_income_usd) AS m_mean,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY r.monthly_income_usd) AS m_median
FROM ${respondentFrom} WHERE r.age <= $1 GROUP BY k1, k2, k3`,
          params: [respondentAgeMax(v)],
        };
      },
      compare: compareGroups('respondentStats', 3, true),
    },
    {
      id: 'children-band-sex',
      title: '`childStats(groupBy: [AGE_BAND, SEX])`',
      target: 1.2,
      variants: 8,
      query: (v) => `query BenchChildBandSex { childStats(groupBy: [AGE_BAND, SEX], filter: { ${childVariant(v, roundId).graphql} }) { total groups { ${GROUP_FIELDS} } } }`,
      plain: (_engine, v) => {
        const { where, params } = childVariant(v, roundId);
        return {
          sql: `SELECT ${CHILD_AGE_BAND} AS k1, c.sex AS k2, COUNT(*) AS n FROM child c WHERE ${where.length ? where.join(' AND ') : '1 = 1'} GROUP BY k1, k2`,
          params,
        };
      },
      compare: compareGroups('childStats', 2, false),
    },
  ];
}
