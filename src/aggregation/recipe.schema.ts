import { z } from 'zod';
import { DIMENSIONS, dimensionsFor, type StatsDimension } from './dimensions';
import { filterProblems } from './filter-fields';
import { measuresFor, type StatsMeasure } from './measures';
import { StatsUnit, UNITS } from './units';

/**
 * The shape of seeds/reference/reconciliation-recipes.json: how each published figure is computed
 * from the microdata. A recipe names its figure (round, indicator, breakdown), the unit counted,
 * the filter of its base, the dimension grouped by or the measure summarised, and how the figure
 * is read from the stats result (`derive`). Country and round come from the figure, never from
 * the recipe's filter, so a recipe cannot read another round than its figure's.
 */

const text = z.string().trim().min(1);
const codes = z.array(text).min(1);

const common = {
  round: z.number().int().min(1),
  indicator: text,
  breakdown: z.string(),
  unit: z.nativeEnum(StatsUnit),
  /** The base: fields of the unit's filter input, besides country and round. */
  filter: z.record(z.unknown()).default({}),
  /** The published value is a bound: `lower` ("more than half") or `upper`; the computed value only has to respect it. */
  bound: z.enum(['lower', 'upper']).optional(),
  /** Why the recipe reads the figure this way, when the figure's wording differs from the data's. */
  note: z.string().optional(),
};

const recipe = z.discriminatedUnion('derive', [
  /** Units matching the filter (a grouping only shares the statement with other figures). */
  z.object({ ...common, derive: z.literal('total'), groupBy: text.optional() }).strict(),
  /** Units of the listed groups of the dimension, summed. */
  z.object({ ...common, derive: z.literal('count'), groupBy: text, codes }).strict(),
  /**
   * Share in percent of the listed groups (`codes`), of every group but the listed ones
   * (`otherThan`) or of the units with any answer (`answered`), out of all units matching the
   * filter (`of: all`) or out of those with an answer to the dimension (`of: answered`).
   */
  z
    .object({
      ...common,
      derive: z.literal('share'),
      groupBy: text,
      codes: codes.optional(),
      otherThan: codes.optional(),
      answered: z.literal(true).optional(),
      of: z.enum(['all', 'answered']).default('all'),
    })
    .strict(),
  /** Share in percent of the units that also match `subset` (extra filter fields), out of the units matching the filter. */
  z.object({ ...common, derive: z.literal('subset-share'), subset: z.record(z.unknown()) }).strict(),
  /** A summary of the measure over the units matching the filter. */
  z.object({ ...common, derive: z.enum(['mean', 'median', 'min', 'max']), measure: text }).strict(),
  /** (mean of `reference` - mean of `compared`) / mean of `reference` x 100, groups of the dimension. */
  z.object({ ...common, derive: z.literal('gap'), groupBy: text, measure: text, reference: text, compared: text }).strict(),
]);

/** Figures that have no recipe, and why: every published figure is either computed or explained. */
const cannotCompute = z
  .object({
    round: z.number().int().min(1),
    indicators: z.array(text).min(1),
    reason: z.enum(['official', 'text', 'no-seed', 'not-asked', 'registry']),
    note: text,
  })
  .strict();

export const recipeFile = z
  .object({
    /** Country of every figure of the reference folder (published-figures.json names none). */
    country: z.string().regex(/^[A-Z]{3}$/),
    recipes: z.array(z.unknown()),
    cannotCompute: z.array(cannotCompute),
  })
  .strict();

export type RecipeEntry = z.infer<typeof recipe>;
export type CannotCompute = z.infer<typeof cannotCompute>;
export type RecipeDerivation = RecipeEntry['derive'];

/** One thing wrong with the recipes file: the figure, the key, the value and what is allowed. */
export interface RecipeProblem {
  figure: string;
  key: string;
  value: unknown;
  allowed: string;
}

export const figureLabel = (r: { round?: unknown; indicator?: unknown; breakdown?: unknown }) =>
  `round ${String(r.round)} | ${String(r.indicator)} | ${String(r.breakdown ?? '')}`;

/** Whether a name is a dimension of the unit; a type guard, so that a checked name is the registry's type whatever that type is. */
export const isDimension = (unit: StatsUnit, name: string): name is StatsDimension => (dimensionsFor(unit) as readonly string[]).includes(name);
/** Whether a name is a measure of the unit. */
export const isMeasure = (unit: StatsUnit, name: string): name is StatsMeasure => (measuresFor(unit) as readonly string[]).includes(name);

/** The closed codes of a dimension, or undefined when its codes are open (places, countries, survey points). */
function closedCodes(dimension: StatsDimension): string[] | undefined {
  const labels = DIMENSIONS.get(dimension)?.labels;
  return labels ? Object.keys(labels) : undefined;
}

/** What the registry does not know in a recipe that has the right shape: every key must be a real filter field, dimension, code or measure. */
function registryProblems(r: RecipeEntry): RecipeProblem[] {
  const figure = figureLabel(r);
  const problems: RecipeProblem[] = [];
  const unit = UNITS[r.unit];
  const problem = (key: string, value: unknown, allowed: string) => problems.push({ figure, key, value, allowed });
  for (const key of ['country', 'round'] as const) {
    if (key in r.filter) problem(`filter.${key}`, r.filter[key], 'nothing: country and round come from the figure');
  }
  for (const p of filterProblems(unit.filterInput, r.filter)) problem(`filter.${p.key}`, p.value, p.allowed);
  if (r.derive === 'subset-share') {
    for (const p of filterProblems(unit.filterInput, r.subset)) problem(`subset.${p.key}`, p.value, p.allowed);
    for (const key of Object.keys(r.subset)) if (key in r.filter) problem(`subset.${key}`, r.subset[key], 'a field the filter does not already give');
  }
  if ('groupBy' in r && r.groupBy !== undefined) {
    if (!isDimension(r.unit, r.groupBy)) {
      problem('groupBy', r.groupBy, `a dimension of ${unit.query}: ${dimensionsFor(r.unit).join(', ')}`);
    } else {
      const known = closedCodes(r.groupBy);
      const read: [string, string[]][] = [];
      if (r.derive === 'count') read.push(['codes', r.codes]);
      if (r.derive === 'share') read.push(['codes', r.codes ?? []], ['otherThan', r.otherThan ?? []]);
      if (r.derive === 'gap') read.push(['reference', [r.reference]], ['compared', [r.compared]]);
      for (const [key, list] of read) {
        for (const code of list) if (known && !known.includes(code)) problem(key, code, `a code of ${r.groupBy}: ${known.join(', ')}`);
      }
      const multiSelect = DIMENSIONS.get(r.groupBy)?.multiSelect === true;
      if (r.derive === 'share' && r.otherThan && multiSelect) {
        problem('otherThan', r.otherThan, `codes (a unit counts in every option of the multi-select ${r.groupBy}, so "every other option" is not a share)`);
      }
    }
  }
  if (r.derive === 'share') {
    const given = [r.codes, r.otherThan, r.answered].filter((x) => x !== undefined).length;
    if (given !== 1) problem('codes', r.codes, 'exactly one of codes, otherThan or answered: true');
  }
  if ('measure' in r && !isMeasure(r.unit, r.measure)) {
    problem('measure', r.measure, `a measure of ${unit.query}: ${measuresFor(r.unit).join(', ')}`);
  }
  return problems;
}

/** The value at a zod issue's path, for messages. */
function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), root);
}

/** The keys a recipe of its derivation takes, for messages. */
function knownKeys(raw: unknown): string {
  const derive = valueAt(raw, ['derive']);
  const option = typeof derive === 'string' ? recipe.optionsMap.get(derive) : undefined;
  return option ? `a ${derive} recipe takes ${Object.keys(option.shape).join(', ')}` : `derive is one of ${[...recipe.optionsMap.keys()].join(', ')}`;
}

export const problemText = (p: RecipeProblem) => `${p.figure}: ${p.key} = ${JSON.stringify(p.value) ?? 'missing'} is not allowed; allowed: ${p.allowed}`;

/**
 * Checks the file's JSON: its shape (zod), then every recipe against the registry, and no figure
 * twice. Returns the recipes as written, or throws one error listing every problem.
 */
export function parseRecipeFile(json: unknown, source: string): { country: string; recipes: RecipeEntry[]; cannotCompute: CannotCompute[] } {
  const file = recipeFile.safeParse(json);
  if (!file.success) {
    const lines = file.error.issues.map((i) => `${i.path.join('.') || '(file)'} = ${JSON.stringify(valueAt(json, i.path)) ?? 'missing'}: ${i.message}`);
    throw new Error(`${source} is not a recipes file:\n  ${lines.join('\n  ')}`);
  }
  const problems: RecipeProblem[] = [];
  const recipes: RecipeEntry[] = [];
  const seen = new Set<string>();
  file.data.recipes.forEach((raw, index) => {
    const parsed = recipe.safeParse(raw);
    const figure = figureLabel((raw ?? {}) as Record<string, unknown>);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        if (i.code === z.ZodIssueCode.unrecognized_keys) {
          for (const key of i.keys) problems.push({ figure, key: [...i.path, key].join('.'), value: valueAt(raw, [...i.path, key]), allowed: `no such key; ${knownKeys(raw)}` });
        } else {
          problems.push({ figure, key: i.path.join('.') || `recipes.${index}`, value: valueAt(raw, i.path), allowed: i.message });
        }
      }
      return;
    }
    const found = registryProblems(parsed.data);
    problems.push(...found);
    if (seen.has(figure)) problems.push({ figure, key: 'indicator', value: parsed.data.indicator, allowed: 'one recipe per figure; this figure has two' });
    seen.add(figure);
    if (found.length === 0) recipes.push(parsed.data);
  });
  if (problems.length > 0) throw new Error(`${source}: ${problems.length} recipe problem(s):\n  ${problems.map(problemText).join('\n  ')}`);
  return { country: file.data.country, recipes, cannotCompute: file.data.cannotCompute };
}
