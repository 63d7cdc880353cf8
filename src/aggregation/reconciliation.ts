import DataLoader from 'dataloader';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Role } from '../common/roles';
import type { Context } from '../modules/context';
import { PublishedFigure } from '../modules/published-figure/published-figure.entity';
import type { DisclosureSettings } from '../config/disclosure-settings';
import { computeStats, StatsQuery, StatsSql, statsAccess } from './stats.service';
import { DisclosureMethod, StatsResult } from './stats.types';
import { UNITS } from './units';
import { loadRecipes, type FigureRecipe, type Recipes } from './recipes';

@ObjectType({ description: 'A published figure recomputed from the microdata through the stats queries, with its base and the difference.' })
export class FigureComputation {
  @Field(() => Float, {
    nullable: true,
    description: 'The value computed from the data, in the unit of the figure (percent, persons, USD, months); null when withheld.',
  })
  value: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Base of the computed value: the units the share is of, or the units with a value for a mean; null when withheld.',
  })
  n: number | null;

  @Field(() => Float, { nullable: true, description: 'Computed minus published value; null when withheld.' })
  difference: number | null;

  @Field(() => Float, {
    description:
      'Largest difference accepted as reconciled: 0.5 percentage points for shares and gaps, 1% of the value for means and medians, 0 for counts, minimums and maximums (for public callers, the largest perturbation of a count, disclosure.maxPerturbation).',
  })
  tolerance: number;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether the difference is within the tolerance; for a figure published as a bound ("more than half", "between 180 and 330"), whether the value is on its side of the bound. Null when withheld.',
  })
  withinTolerance: boolean | null;

  @Field({
    description:
      'True when disclosure control withholds the computation from a public caller (a cell it needs has fewer units than the threshold); partner keys see it.',
  })
  withheld: boolean;

  @Field({ description: 'The stats query that computes the value (filter, groupBy, measure) and what is read from it.' })
  method: string;
}

/** Every recipe, checked against the registry when the module loads: a broken recipes file stops the hub from starting. */
export const RECIPES: Recipes = loadRecipes();

const statsKey = (q: StatsQuery) => JSON.stringify([q.unit, sortedKeys(q.filter ?? {}), q.groupBy ?? [], q.measures ?? []]);
/** Filters written in another key order are the same query, and share its statement. */
function sortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortedKeys(v)]));
}

function describeQuery(q: StatsQuery): string {
  const args = [`filter: ${JSON.stringify(q.filter)}`];
  if (q.groupBy?.length) args.push(`groupBy: [${q.groupBy.join(', ')}]`);
  if (q.measures?.length) args.push(`measures: [${q.measures.join(', ')}]`);
  return `${UNITS[q.unit].query}(${args.join(', ')})`;
}

/** The stats query and what is read from it, e.g. `respondentStats(filter: {...}, groupBy: [SEX]): share of male x 100`. */
function describe(r: FigureRecipe): string {
  const e = r.entry;
  const measure = r.stats.measures?.[0];
  const what = ((): string => {
    switch (e.derive) {
      case 'total':
        return 'total';
      case 'count':
        return `count of ${e.codes.join(' + ')}`;
      case 'share': {
        const part = e.codes ? e.codes.join(' + ') : e.otherThan ? `all but ${e.otherThan.join(', ')}` : 'any answer';
        return `share of ${part}${e.of === 'answered' ? ' among those who answered' : ''} x 100`;
      }
      case 'subset-share':
        return `total with ${JSON.stringify(e.subset)} / total x 100`;
      case 'gap':
        return `(mean of ${e.reference} - mean of ${e.compared}) / mean of ${e.reference} x 100`;
      default:
        return `${e.derive} of ${measure}`;
    }
  })();
  const bound = e.bound === 'lower' ? ' (the figure is a lower bound)' : e.bound === 'upper' ? ' (the figure is an upper bound)' : '';
  return `${describeQuery(r.stats)}: ${what}${bound}`;
}

const WITHHELD = 'withheld';

/**
 * Reads the figure from its stats results (the base, and the subset for a subset share): the
 * value and its base, WITHHELD when disclosure control hides a cell it needs, or null when the
 * data holds nothing to compute it from.
 */
function read(r: FigureRecipe, s: StatsResult, subset: StatsResult | undefined): { value: number; n: number } | typeof WITHHELD | null {
  if (s.total === null) return WITHHELD;
  if (s.total === 0) return null;
  const total = s.total;
  const noisy = s.disclosure.method === DisclosureMethod.CELL_KEY;
  const group = (code: string | null) => s.groups.find((g) => (g.keys[0]?.code ?? null) === code);
  /** The units of the listed groups; WITHHELD when a public answer leaves one out (a missing group is not known to be empty). */
  const countOf = (codes: readonly (string | null)[]): number | typeof WITHHELD => {
    let sum = 0;
    for (const code of codes) {
      const g = group(code);
      if ((!g && noisy) || g?.count === null) return WITHHELD;
      sum += g?.count ?? 0;
    }
    return sum;
  };
  const e = r.entry;
  switch (e.derive) {
    case 'total':
      return { value: total, n: total };
    case 'count': {
      const count = countOf(e.codes);
      return count === WITHHELD ? WITHHELD : { value: count, n: count };
    }
    case 'share': {
      // Units with no answer form the group whose code is null.
      const answered = () => subtract(total, countOf([null]));
      const part = e.codes ? countOf(e.codes) : e.otherThan ? subtract(total, countOf(e.otherThan)) : answered();
      const base = e.of === 'answered' ? answered() : total;
      if (part === WITHHELD || base === WITHHELD) return WITHHELD;
      return base > 0 ? { value: (part / base) * 100, n: base } : null;
    }
    case 'subset-share': {
      if (!subset || subset.total === null) return WITHHELD;
      return { value: (subset.total / total) * 100, n: total };
    }
    case 'gap': {
      const ref = group(e.reference)?.measures[0];
      const cmp = group(e.compared)?.measures[0];
      if (ref?.withheld || cmp?.withheld) return WITHHELD;
      if ((!ref || !cmp) && noisy) return WITHHELD;
      if (!ref?.mean || cmp?.mean === null || cmp?.mean === undefined || !ref.n || !cmp.n) return null;
      return { value: ((ref.mean - cmp.mean) / ref.mean) * 100, n: ref.n + cmp.n };
    }
    default: {
      const m = s.groups[0]?.measures[0];
      if (m?.withheld) return WITHHELD;
      const value = m?.[e.derive];
      // Public answers never give a minimum or maximum: one person's answer.
      if ((value === null || value === undefined) && noisy && m?.n) return WITHHELD;
      return value !== null && value !== undefined && m?.n ? { value, n: m.n } : null;
    }
  }
}

const subtract = (total: number, part: number | typeof WITHHELD) => (part === WITHHELD ? WITHHELD : total - part);

/** The tolerance of a figure; public counts also allow for the cell-key perturbation (maxPerturbation). */
function tolerance(r: FigureRecipe, published: number, maxPerturbation: number): number {
  switch (r.entry.derive) {
    case 'share':
    case 'subset-share':
    case 'gap':
      return 0.5;
    case 'mean':
    case 'median':
      return Math.abs(published) * 0.01;
    default:
      return maxPerturbation;
  }
}

/** Whether the computed value reconciles: within the tolerance, or on the right side of a published bound. */
function reconciles(r: FigureRecipe, difference: number, allowed: number): boolean {
  const slack = allowed + 1e-9;
  if (r.entry.bound === 'lower') return difference >= -slack;
  if (r.entry.bound === 'upper') return difference <= slack;
  return Math.abs(difference) <= slack;
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
          const r = RECIPES.of(f);
          if (!r || f.value === null) return null;
          const [stats, subset] = await Promise.all([statsOf(r.stats), r.subset ? statsOf(r.subset) : undefined]);
          const got = read(r, stats, subset);
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
            withinTolerance: reconciles(r, difference, allowed),
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

/** The distinct stats queries of every recipe: what computing all published figures runs, one statement each (the cost model charges them). */
export function reconciliationQueries(): StatsQuery[] {
  const distinct = new Map<string, StatsQuery>();
  for (const r of RECIPES.all) for (const q of [r.stats, r.subset]) if (q) distinct.set(statsKey(q), q);
  return [...distinct.values()];
}
