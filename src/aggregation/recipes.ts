import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../common/project-root';
import { isDimension, isMeasure, parseRecipeFile, type CannotCompute, type RecipeEntry } from './recipe.schema';
import type { StatsQuery } from './stats.service';

/** The recipes, beside the published figures they compute (docs/aggregation.md, "Reconciliation with the published figures"). */
export const RECIPES_FILE = path.join(projectRoot(), 'seeds', 'reference', 'reconciliation-recipes.json');

export interface FigureKey {
  country: string;
  round: number;
  indicator: string;
  breakdown: string;
}

/** A checked recipe with the stats queries it runs. */
export interface FigureRecipe {
  figure: FigureKey;
  entry: RecipeEntry;
  /** The base: the figure's country and round, then the recipe's filter, its grouping and measure. */
  stats: StatsQuery;
  /** For a subset share: the base narrowed by the subset. */
  subset?: StatsQuery;
}

/** The stats queries of a recipe; its names were checked by parseRecipeFile, the guards only carry that to the types. */
function queriesOf(country: string, e: RecipeEntry): Pick<FigureRecipe, 'stats' | 'subset'> {
  const filter = { country, round: e.round, ...e.filter };
  const groupBy = 'groupBy' in e && e.groupBy !== undefined && isDimension(e.unit, e.groupBy) ? [e.groupBy] : [];
  const measures = 'measure' in e && isMeasure(e.unit, e.measure) ? [e.measure] : [];
  const stats: StatsQuery = { unit: e.unit, filter, groupBy, measures };
  if (e.derive !== 'subset-share') return { stats };
  return { stats, subset: { unit: e.unit, filter: { ...filter, ...e.subset }, groupBy: [], measures: [] } };
}

export const figureKey = (f: FigureKey) => JSON.stringify([f.country.toUpperCase(), f.round, f.indicator, f.breakdown]);

export interface Recipes {
  all: readonly FigureRecipe[];
  /** The recipe of a figure, if it has one. */
  of(figure: FigureKey): FigureRecipe | undefined;
  cannotCompute: readonly CannotCompute[];
}

/** Reads and checks a recipes file; a broken file throws, naming every figure, key and value that is wrong. */
export function loadRecipes(file = RECIPES_FILE): Recipes {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const { country, recipes, cannotCompute } = parseRecipeFile(json, path.relative(projectRoot(), file));
  const all = recipes.map((entry) => ({
    figure: { country, round: entry.round, indicator: entry.indicator, breakdown: entry.breakdown },
    entry,
    ...queriesOf(country, entry),
  }));
  const byFigure = new Map(all.map((r) => [figureKey(r.figure), r]));
  return { all, of: (f) => byFigure.get(figureKey(f)), cannotCompute };
}
