import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GraphQLEnumType, GraphQLInputObjectType, GraphQLSchema, getNamedType, isEnumType, isInputObjectType } from 'graphql';
import { dimensionsFor } from '../../src/aggregation/dimensions';
import { measuresFor } from '../../src/aggregation/measures';
import { parseRecipeFile } from '../../src/aggregation/recipe.schema';
import { loadRecipes } from '../../src/aggregation/recipes';
import { StatsUnit } from '../../src/aggregation/units';
import { buildHubSchema } from '../../src/schema/build-schema';

/**
 * The recipes file (seeds/reference/reconciliation-recipes.json) against the published figures it
 * computes and against the GraphQL schema partners query: every key a recipe uses must be a field
 * of the unit's filter input, a StatsDimension or a StatsMeasure of the served schema. A broken
 * recipe is refused when the file loads, with the figure, the key, the value and what is allowed.
 */
const REFERENCE = path.join(__dirname, '..', '..', 'seeds', 'reference');
const file = JSON.parse(readFileSync(path.join(REFERENCE, 'reconciliation-recipes.json'), 'utf8'));
const published: { round: number; indicator: string; breakdown: string; value: number | null }[] = JSON.parse(
  readFileSync(path.join(REFERENCE, 'published-figures.json'), 'utf8'),
);

type Raw = Record<string, unknown> & { round: number; indicator: string; breakdown: string; unit: string };
const recipes: Raw[] = file.recipes;

const FILTER_INPUT: Record<string, string> = { respondent: 'RespondentFilter', household: 'HouseholdFilter', child: 'ChildFilter' };

/** Problems of a filter against the served input type: unknown fields, enum values the type does not list. */
function schemaProblems(schema: GraphQLSchema, input: string, filter: Record<string, unknown>): string[] {
  const type = schema.getType(input) as GraphQLInputObjectType;
  const fields = type.getFields();
  return Object.entries(filter).flatMap(([key, value]) => {
    const field = fields[key];
    if (!field) return [`${input}.${key} is not a field`];
    const named = getNamedType(field.type);
    if (isInputObjectType(named)) return schemaProblems(schema, named.name, value as Record<string, unknown>);
    if (isEnumType(named) && !named.getValues().some((v) => v.value === value)) return [`${input}.${key}: ${String(value)} is not a value of ${named.name}`];
    return [];
  });
}

describe('Aggregation: reconciliation recipes are data checked against the registry', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildHubSchema();
  });

  it('loads the recipes file, one recipe per figure', () => {
    const loaded = loadRecipes();
    expect(loaded.all.length).toBe(recipes.length);
    expect(new Set(loaded.all.map((r) => JSON.stringify([r.figure.round, r.figure.indicator, r.figure.breakdown]))).size).toBe(recipes.length);
  });

  it('names in every recipe a published figure with a numeric value', () => {
    for (const r of recipes) {
      const figure = published.find((f) => f.round === r.round && f.indicator === r.indicator && f.breakdown === r.breakdown);
      expect({ recipe: `${r.round}|${r.indicator}|${r.breakdown}`, value: typeof figure?.value }).toEqual({ recipe: `${r.round}|${r.indicator}|${r.breakdown}`, value: 'number' });
    }
  });

  it('accounts for every published figure: a recipe computes it, or the file says why none can, never both', () => {
    const explained = (f: { round: number; indicator: string }) =>
      (file.cannotCompute as { round: number; indicators: string[] }[]).some((c) => c.round === f.round && c.indicators.includes(f.indicator));
    for (const f of published) {
      const label = `${f.round}|${f.indicator}|${f.breakdown}`;
      const hasRecipe = recipes.some((r) => r.round === f.round && r.indicator === f.indicator && r.breakdown === f.breakdown);
      expect({ label, hasRecipe, explained: explained(f) }).toEqual({ label, hasRecipe, explained: !hasRecipe });
    }
  });

  it('uses only filter fields, enum values, dimensions and measures of the served schema and the registry', () => {
    const dimensions = (schema.getType('StatsDimension') as GraphQLEnumType).getValues().map((v) => v.name);
    const measures = (schema.getType('StatsMeasure') as GraphQLEnumType).getValues().map((v) => v.name);
    for (const r of recipes) {
      const label = `${r.round}|${r.indicator}|${r.breakdown}`;
      const input = FILTER_INPUT[r.unit];
      const problems = [
        ...schemaProblems(schema, input, (r.filter as Record<string, unknown>) ?? {}),
        ...schemaProblems(schema, input, (r.subset as Record<string, unknown>) ?? {}),
      ];
      const unit = r.unit as StatsUnit;
      if (typeof r.groupBy === 'string' && !(dimensions.includes(r.groupBy) && (dimensionsFor(unit) as string[]).includes(r.groupBy))) problems.push(`groupBy ${r.groupBy}`);
      if (typeof r.measure === 'string' && !(measures.includes(r.measure) && (measuresFor(unit) as string[]).includes(r.measure))) problems.push(`measure ${r.measure}`);
      expect({ label, problems }).toEqual({ label, problems: [] });
    }
  });

  const good = { round: 4, indicator: 'x', breakdown: 'y', unit: 'respondent', derive: 'share', groupBy: 'SEX', codes: ['male'] };
  /** The good recipe with some keys changed; a key set to undefined is left out, as JSON would. */
  const parse = (recipe: Record<string, unknown>) => () =>
    parseRecipeFile({ country: 'PER', recipes: [JSON.parse(JSON.stringify(recipe))], cannotCompute: [] }, 'recipes.json');

  it('accepts a well-formed recipe', () => {
    expect(parse(good)().recipes).toHaveLength(1);
  });

  it.each([
    ['an unknown filter field', { filter: { surveyPont: 'cebaf_tumbes' } }, /round 4 \| x \| y: filter\.surveyPont = "cebaf_tumbes" is not allowed; allowed: a field of RespondentFilter: country, round, surveyPoint, .*stayedOver30Days/],
    ['an enum value the filter does not list', { filter: { sex: 'MALE' } }, /filter\.sex = "MALE" is not allowed; allowed: RespondentFilter\.sex takes one of male, female/],
    ['a value of the wrong type', { filter: { stayedOver30Days: 'yes' } }, /filter\.stayedOver30Days = "yes" is not allowed; allowed: RespondentFilter\.stayedOver30Days takes Boolean/],
    ['a nested filter field that does not exist', { unit: 'child', filter: { respondent: { colour: 'red' } } }, /filter\.respondent\.colour = "red" is not allowed; allowed: a field of RespondentFilter/],
    ['the round in the filter', { filter: { round: 3 } }, /filter\.round = 3 is not allowed; allowed: nothing: country and round come from the figure/],
    ['a dimension of another unit', { groupBy: 'SCHOOL_LEVEL', codes: ['primary'] }, /groupBy = "SCHOOL_LEVEL" is not allowed; allowed: a dimension of respondentStats: COUNTRY, .*SEX/],
    ['a code the dimension does not have', { codes: ['man'] }, /codes = "man" is not allowed; allowed: a code of SEX: male, female/],
    ['a measure of another unit', { derive: 'mean', groupBy: undefined, codes: undefined, unit: 'child', measure: 'TRIP_COST_USD' }, /measure = "TRIP_COST_USD" is not allowed; allowed: a measure of childStats: AGE, TRAVELLING_SIZE/],
    ['an unknown derivation', { derive: 'average' }, /derive = "average" is not allowed; allowed: Invalid discriminator value\. Expected 'total' \| 'count' \| 'share'/],
    ['an unknown key', { colour: 'red' }, /round 4 \| x \| y: colour = "red" is not allowed; allowed: no such key; a share recipe takes round, indicator, breakdown, unit, filter, bound, note, derive, groupBy, codes/],
    ['a share with two readings', { answered: true }, /codes = \["male"\] is not allowed; allowed: exactly one of codes, otherThan or answered: true/],
    ['an unknown unit', { unit: 'person' }, /unit = "person" is not allowed; allowed: Invalid enum value\. Expected 'respondent' \| 'household' \| 'child'/],
  ])('refuses %s, naming the figure, the key, the value and what is allowed', (_what, change, message) => {
    expect(parse({ ...good, ...change })).toThrow(message);
  });

  it('refuses to load a recipes file with a broken recipe, naming the file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'recipes-'));
    const broken = path.join(dir, 'reconciliation-recipes.json');
    writeFileSync(broken, JSON.stringify({ ...file, recipes: [...recipes, { ...good, measure: 'INCOME' }] }));
    expect(() => loadRecipes(broken)).toThrow(/reconciliation-recipes\.json: 1 recipe problem\(s\):\n {2}round 4 \| x \| y: measure = "INCOME" is not allowed; allowed: no such key/);
  });

  it('lists every broken recipe of a file at once', () => {
    const run = () =>
      parseRecipeFile(
        { country: 'PER', recipes: [{ ...good, codes: ['man'] }, { ...good, breakdown: 'z', groupBy: 'COLOUR' }], cannotCompute: [] },
        'recipes.json',
      );
    expect(run).toThrow(/recipes\.json: 2 recipe problem\(s\):\n {2}round 4 \| x \| y: codes = "man".*\n {2}round 4 \| x \| z: groupBy = "COLOUR"/);
  });
});
