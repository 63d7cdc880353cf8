import DataLoader from 'dataloader';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Role } from '../common/roles';
import { ChildStatus } from '../modules/child/child.enums';
import type { ChildFilter } from '../modules/child/child.filter';
import type { Context } from '../modules/context';
import { PublishedFigure } from '../modules/published-figure/published-figure.entity';
import type { RespondentFilter } from '../modules/respondent/respondent.filter';
import { StatsDimension } from './dimensions';
import { StatsMeasure } from './measures';
import type { DisclosureSettings } from '../config/disclosure-settings';
import { computeStats, StatsQuery, StatsSql, statsAccess } from './stats.service';
import { DisclosureMethod, StatsResult } from './stats.types';
import { StatsUnit } from './units';

@ObjectType({ description: 'A published figure recomputed from the microdata through the stats queries, with its base and the difference.' })
export class FigureComputation {
  @Field(() => Float, {
    nullable: true,
    description: 'The value computed from the data, in the unit of the figure (percent, persons, USD); null when withheld.',
  })
  value: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Base of the computed value: the units the share is of, or the units with a value for a mean; null when withheld.',
  })
  n: number | null;

  @Field(() => Float, { nullable: true, description: 'Computed minus published value; null when withheld.' })
  difference: number | null;

  @Field(() => Float, { description: 'Largest difference accepted as reconciled: 0.5 percentage points for shares, 1% of the value for means, 0 for counts (for public callers, the largest perturbation of a count, disclosure.maxPerturbation).' })
  tolerance: number;

  @Field(() => Boolean, { nullable: true, description: 'Whether the difference is within the tolerance; null when withheld.' })
  withinTolerance: boolean | null;

  @Field({
    description:
      'True when disclosure control withholds the computation from a public caller (a cell it needs has fewer units than the threshold); partner keys see it.',
  })
  withheld: boolean;

  @Field({ description: 'The stats query that computes the value (filter, groupBy, measure) and what is read from it.' })
  method: string;
}

/** What to read from a stats result to get the figure. */
type Reading =
  /** Units matching the filter. */
  | { kind: 'total' }
  /** Units of one group of the first dimension. */
  | { kind: 'count'; code: string }
  /** Share of one group, in percent. */
  | { kind: 'share'; code: string }
  /** Mean of the first measure over all units (no groupBy). */
  | { kind: 'mean' }
  /** (mean of `reference` - mean of `compared`) / mean of `reference` * 100, groups of the first dimension. */
  | { kind: 'gap'; reference: string; compared: string };

export interface FigureReconciliation {
  figure: { country: string; round: number; indicator: string; breakdown: string };
  stats: StatsQuery;
  read: Reading;
}

const R4 = { country: 'PER', round: 4 };
const TUMBES = { ...R4, surveyPoint: 'cebaf_tumbes' };
const TACNA = { ...R4, surveyPoint: 'santa_rosa_tacna' };
/** The children module's base: children travelling with the 1,645 Tumbes respondents (584). */
const TUMBES_CHILDREN = { ...R4, surveyPoint: 'cebaf_tumbes', status: ChildStatus.TRAVELLING };
const TACNA_EARNERS = { ...TACNA, workedInCountry: true };

const figure = (indicator: string, breakdown: string) => ({ country: 'PER', round: 4, indicator, breakdown });
const respondents = (filter: RespondentFilter, groupBy: StatsDimension[] = [], measures: StatsMeasure[] = []): StatsQuery => ({
  unit: StatsUnit.RESPONDENT,
  filter,
  groupBy,
  measures,
});
const children = (filter: ChildFilter, groupBy: StatsDimension[] = []): StatsQuery => ({ unit: StatsUnit.CHILD, filter, groupBy });

/**
 * Every published figure the microdata can compute, each as a stats query (filter + dimension
 * or measure) on the base its denominator note names. Figures sharing a query share one statement.
 */
export const RECONCILIATIONS: readonly FigureReconciliation[] = [
  { figure: figure('sample_size', 'total, Tumbes + Santa Rosa (Tacna)'), stats: respondents(R4, ['SURVEY_POINT']), read: { kind: 'total' } },
  { figure: figure('sample_size', 'Tumbes (CEBAF)'), stats: respondents(R4, ['SURVEY_POINT']), read: { kind: 'count', code: 'cebaf_tumbes' } },
  { figure: figure('sample_size', 'Santa Rosa, Tacna'), stats: respondents(R4, ['SURVEY_POINT']), read: { kind: 'count', code: 'santa_rosa_tacna' } },
  { figure: figure('respondent_sex_share', 'male'), stats: respondents(R4, ['SEX']), read: { kind: 'share', code: 'male' } },
  { figure: figure('respondent_sex_share', 'female'), stats: respondents(R4, ['SEX']), read: { kind: 'share', code: 'female' } },
  {
    figure: figure('average_monthly_salary_in_peru', 'all (Tacna exit respondents who worked during stay)'),
    stats: respondents(TACNA_EARNERS, [], ['MONTHLY_INCOME_USD']),
    read: { kind: 'mean' },
  },
  {
    figure: figure('gender_pay_gap', 'women vs men'),
    stats: respondents(TACNA_EARNERS, ['SEX'], ['MONTHLY_INCOME_USD']),
    read: { kind: 'gap', reference: 'male', compared: 'female' },
  },
  {
    figure: figure('discrimination_experienced', 'Tumbes'),
    stats: respondents({ ...TUMBES, stayedOver30Days: true }, ['DISCRIMINATED']),
    read: { kind: 'share', code: 'yes' },
  },
  {
    figure: figure('discrimination_experienced', 'Tacna'),
    stats: respondents({ ...TACNA, stayedOver30Days: true }, ['DISCRIMINATED']),
    read: { kind: 'share', code: 'yes' },
  },
  { figure: figure('children_registered', 'children travelling with respondents, Tumbes'), stats: children(TUMBES_CHILDREN, ['AGE_BAND']), read: { kind: 'total' } },
  // The report's "under 5" band is the 0-5 band of the children module.
  { figure: figure('children_age_share', "under 5 ('menos de 5 anos')"), stats: children(TUMBES_CHILDREN, ['AGE_BAND']), read: { kind: 'share', code: '0-5' } },
  { figure: figure('children_age_share', '6-11 years'), stats: children(TUMBES_CHILDREN, ['AGE_BAND']), read: { kind: 'share', code: '6-11' } },
  { figure: figure('children_age_share', '12-17 years'), stats: children(TUMBES_CHILDREN, ['AGE_BAND']), read: { kind: 'share', code: '12-17' } },
  { figure: figure('children_sex_share', 'boys'), stats: children(TUMBES_CHILDREN, ['SEX']), read: { kind: 'share', code: 'male' } },
  { figure: figure('children_sex_share', 'girls'), stats: children(TUMBES_CHILDREN, ['SEX']), read: { kind: 'share', code: 'female' } },
  {
    figure: figure('children_schooling_in_venezuela', 'some primary'),
    stats: children({ ...TUMBES_CHILDREN, ageMin: 3 }, ['SCHOOL_LEVEL']),
    read: { kind: 'share', code: 'primary' },
  },
  {
    figure: figure('children_schooling_in_venezuela', 'secondary'),
    stats: children({ ...TUMBES_CHILDREN, ageMin: 3 }, ['SCHOOL_LEVEL']),
    read: { kind: 'share', code: 'secondary' },
  },
  {
    figure: figure('children_schooling_in_venezuela', 'initial'),
    stats: children({ ...TUMBES_CHILDREN, ageMin: 3 }, ['SCHOOL_LEVEL']),
    read: { kind: 'share', code: 'initial' },
  },
  {
    figure: figure('children_without_schooling', 'primary-school age'),
    stats: children({ ...TUMBES_CHILDREN, ageMin: 6, ageMax: 11 }, ['SCHOOL_LEVEL']),
    read: { kind: 'share', code: 'none' },
  },
  {
    figure: figure('children_not_accessed_initial_education', 'initial-education age'),
    stats: children({ ...TUMBES_CHILDREN, ageMin: 3, ageMax: 5 }, ['SCHOOL_LEVEL']),
    read: { kind: 'share', code: 'none' },
  },
  { figure: figure('children_strong_emotional_changes', 'all'), stats: children(TUMBES_CHILDREN, ['EMOTIONAL_CHANGES']), read: { kind: 'share', code: 'yes' } },
];

const figureKey = (f: { country: string; round: number; indicator: string; breakdown: string }) =>
  JSON.stringify([f.country.toUpperCase(), f.round, f.indicator, f.breakdown]);
const BY_FIGURE = new Map(RECONCILIATIONS.map((r) => [figureKey(r.figure), r]));
const statsKey = (q: StatsQuery) => JSON.stringify([q.unit, q.filter, q.groupBy ?? [], q.measures ?? []]);

export function reconciliationOf(f: Pick<PublishedFigure, 'country' | 'round' | 'indicator' | 'breakdown'>): FigureReconciliation | undefined {
  return BY_FIGURE.get(figureKey(f));
}

const QUERY_NAME: Record<StatsUnit, string> = {
  [StatsUnit.RESPONDENT]: 'respondentStats',
  [StatsUnit.HOUSEHOLD]: 'householdStats',
  [StatsUnit.CHILD]: 'childStats',
};

function describe(r: FigureReconciliation): string {
  const q = r.stats;
  const args = [`filter: ${JSON.stringify(q.filter)}`];
  if (q.groupBy?.length) args.push(`groupBy: [${q.groupBy.join(', ')}]`);
  if (q.measures?.length) args.push(`measures: [${q.measures.join(', ')}]`);
  const read = r.read;
  const what =
    read.kind === 'total'
      ? 'total'
      : read.kind === 'count'
        ? `count of ${read.code}`
        : read.kind === 'share'
          ? `share of ${read.code} x 100`
          : read.kind === 'mean'
            ? `mean of ${q.measures![0]}`
            : `(mean of ${read.reference} - mean of ${read.compared}) / mean of ${read.reference} x 100`;
  return `${QUERY_NAME[q.unit]}(${args.join(', ')}): ${what}`;
}

const WITHHELD = 'withheld';

/**
 * Reads the figure from its stats result: the value and its base, WITHHELD when disclosure
 * control hides a cell it needs, or null when the data holds nothing to compute it from.
 */
function read(r: FigureReconciliation, s: StatsResult): { value: number; n: number } | typeof WITHHELD | null {
  if (s.total === null) return WITHHELD;
  if (s.total === 0) return null;
  const total = s.total;
  const group = (code: string) => s.groups.find((g) => g.keys[0]?.code === code);
  const read = r.read;
  switch (read.kind) {
    case 'total':
      return { value: total, n: total };
    case 'count':
    case 'share': {
      const g = group(read.code);
      // Public answers leave out groups below the threshold: a missing group is not known to be empty.
      if (!g && s.disclosure.method === DisclosureMethod.CELL_KEY) return WITHHELD;
      const count = g?.count ?? 0;
      return read.kind === 'count' ? { value: count, n: count } : { value: (count / total) * 100, n: total };
    }
    case 'mean': {
      const m = s.groups[0]?.measures[0];
      if (m?.withheld) return WITHHELD;
      return m?.mean !== null && m?.mean !== undefined && m.n ? { value: m.mean, n: m.n } : null;
    }
    case 'gap': {
      const ref = group(read.reference)?.measures[0];
      const cmp = group(read.compared)?.measures[0];
      if (ref?.withheld || cmp?.withheld) return WITHHELD;
      if ((!ref || !cmp) && s.disclosure.method === DisclosureMethod.CELL_KEY) return WITHHELD;
      if (!ref?.mean || cmp?.mean === null || cmp?.mean === undefined || !ref.n || !cmp.n) return null;
      return { value: ((ref.mean - cmp.mean) / ref.mean) * 100, n: ref.n + cmp.n };
    }
  }
}

/** The tolerance of a figure; public counts also allow for the cell-key perturbation (maxPerturbation). */
function tolerance(r: FigureReconciliation, published: number, maxPerturbation: number): number {
  switch (r.read.kind) {
    case 'share':
    case 'gap':
      return 0.5;
    case 'mean':
      return Math.abs(published) * 0.01;
    default:
      return maxPerturbation;
  }
}

/**
 * A per-request loader: the figures asked in one operation are computed together, one stats
 * statement per distinct stats query, with the caller's access.
 */
export function createFigureComputationLoader(
  statsSql: StatsSql,
  access: { role: Role; disclosure: DisclosureSettings },
): DataLoader<PublishedFigure, FigureComputation | null, number> {
  return new DataLoader(
    async (figures) => {
      const results = new Map<string, Promise<StatsResult>>();
      const statsOf = (q: StatsQuery) => {
        const key = statsKey(q);
        if (!results.has(key)) results.set(key, computeStats(statsSql, q, statsAccess(access)));
        return results.get(key)!;
      };
      return Promise.all(
        figures.map(async (f) => {
          const r = reconciliationOf(f);
          if (!r || f.value === null) return null;
          const stats = await statsOf(r.stats);
          const got = read(r, stats);
          if (!got) return null;
          const allowed = tolerance(r, f.value, stats.disclosure.maxPerturbation);
          if (got === WITHHELD) {
            return { value: null, n: null, difference: null, tolerance: allowed, withinTolerance: null, withheld: true, method: describe(r) };
          }
          const difference = got.value - f.value;
          return {
            value: Math.round(got.value * 1e6) / 1e6,
            n: got.n,
            difference: Math.round(difference * 1e6) / 1e6,
            tolerance: allowed,
            withinTolerance: Math.abs(difference) <= allowed + 1e-9,
            withheld: false,
            method: describe(r),
          };
        }),
      );
    },
    { cacheKeyFn: (f) => f.id },
  );
}

const loaders = new WeakMap<Context, DataLoader<PublishedFigure, FigureComputation | null, number>>();

/** The request's figure loader, made on its first use: most operations never reconcile a figure. */
export function figureComputations(ctx: Context): DataLoader<PublishedFigure, FigureComputation | null, number> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = createFigureComputationLoader(ctx.statsSql, ctx);
    loaders.set(ctx, loader);
  }
  return loader;
}
