import type { ApolloServer } from '@apollo/server';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { GraphQLEnumType, GraphQLInputObjectType, GraphQLSchema, isEnumType, isInputObjectType } from 'graphql';
import { z } from 'zod';
import { MAX_GROUP_BY } from '../aggregation/stats.service';
import { ALL_UNITS, StatsUnit, UNITS } from '../aggregation/units';
import type { Context } from '../modules/context';
import { LANGS, type Lang } from '../questionnaire/text';
import { zodOf } from './input-schema';
import { READ_ONLY, registerTool, ToolDefinition } from './register';
import { CallerContext, runOperation, toolAnswer, toolError } from './run-operation';
import { blockedReason, RoundInfo, StatsAnswer, statsCaveats } from './stats-caveats';

export const STATS_TOOL = 'stats';

const STATS_SELECTION = `
    unit groupBy measures total multiSelect unlistedCount
    groups { keys { dimension code label } count share ci95 { low high } measures { measure n mean median min max withheld } }
    nonResponse { dimension count }
    disclosure { status method failedRules suggestion threshold medianThreshold maxPerturbation variables blockedAreas { dimension code label } }`;

/** The stats query of a unit, with the rounds it may count (for their data kind and caveat). */
const statsOperation = (unit: StatsUnit) => `
query McpStats($filter: ${UNITS[unit].filterInput}, $groupBy: [StatsDimension!]!, $measures: [StatsMeasure!]!, $lang: Language!, $country: String) {
  stats: ${UNITS[unit].query}(filter: $filter, groupBy: $groupBy, measures: $measures, lang: $lang) {${STATS_SELECTION}
  }
  rounds(country: $country) { country number name dataKind caveat }
}`;

const enumOf = (schema: GraphQLSchema, name: string) => {
  const type = schema.getType(name);
  if (!isEnumType(type)) throw new Error(`the schema has no enum ${name}`);
  return type as GraphQLEnumType;
};

const codes = (type: GraphQLEnumType) => type.getValues().filter((v) => !v.deprecationReason).map((v) => v.name) as [string, ...string[]];

/** Each unit's filter fields: the stats query's own filter input (the list query's filter). */
function filterTypes(schema: GraphQLSchema): Record<StatsUnit, GraphQLInputObjectType> {
  return Object.fromEntries(
    ALL_UNITS.map((u) => {
      const type = schema.getType(UNITS[u].filterInput);
      if (!isInputObjectType(type)) throw new Error(`the schema has no input ${UNITS[u].filterInput}`);
      return [u, type];
    }),
  ) as Record<StatsUnit, GraphQLInputObjectType>;
}

/**
 * One filter argument for every unit: the fields of the three filter inputs, each once (a field
 * the units share, such as round or sex, has the same type in each). Which apply to which unit
 * is said in each field's description and checked before the query runs.
 */
function filterShape(types: Record<StatsUnit, GraphQLInputObjectType>): z.ZodTypeAny {
  const fields = new Map<string, { schema: z.ZodTypeAny; units: StatsUnit[]; description: string }>();
  for (const u of ALL_UNITS) {
    for (const f of Object.values(types[u].getFields())) {
      if (f.deprecationReason) continue;
      const seen = fields.get(f.name);
      if (seen) seen.units.push(u);
      else fields.set(f.name, { schema: zodOf(f.type, 1), units: [u], description: f.description ?? f.name });
    }
  }
  const shape = Object.fromEntries(
    [...fields].map(([name, f]) => [
      name,
      f.schema.describe(f.units.length === ALL_UNITS.length ? f.description : `${f.description} (unit ${f.units.map((u) => u.toUpperCase()).join(', ')} only)`),
    ]),
  );
  return z.object(shape).strict().optional().describe('Which units count: the filter of the unit\'s list query (RespondentFilter, HouseholdFilter or ChildFilter).');
}

/** The stats tool's definition, made once from the schema: enums, filter fields and bounds come from it. */
export function statsToolDefinition(schema: GraphQLSchema): { definition: ToolDefinition; filters: Record<StatsUnit, GraphQLInputObjectType> } {
  const types = filterTypes(schema);
  const unit = enumOf(schema, 'StatsUnit');
  const dimension = enumOf(schema, 'StatsDimension');
  const measure = enumOf(schema, 'StatsMeasure');
  const inputSchema = z.object({
    unit: z.enum(codes(unit)).describe(`What to count. ${unit.getValues().map((v) => `${v.name}: ${v.description ?? ''}`).join(' ')}`),
    filter: filterShape(types),
    groupBy: z
      .array(z.enum(codes(dimension)))
      .max(MAX_GROUP_BY)
      .default([])
      .describe(`Up to ${MAX_GROUP_BY} dimensions to group by, in order; none gives one group with every unit. ${dimension.description ?? ''}`),
    measures: z
      .array(z.enum(codes(measure)))
      .max(codes(measure).length)
      .default([])
      .describe(`Numeric fields to summarise in every group (n, mean, median, min, max). ${measure.description ?? ''}`),
    language: z.enum(LANGS).default('en').describe('Language of the labels and caveats: en (English) or es (español).'),
  });
  const description = [
    'Counts, shares with 95% intervals and measures of respondents, households or children of the DTM flow-monitoring rounds, grouped by up to',
    `${MAX_GROUP_BY} dimensions (one stats query of the GraphQL API). Public callers get disclosure-controlled figures (cell-key method: counts`,
    'slightly perturbed, small groups left out); the answer gives the disclosure status and the caveats to report with the numbers',
    '(the data kind of the rounds counted, the base, the disclosure control). A BLOCKED table answers an error naming the rules it failed and what to ask instead.',
    '\n\nES: Conteos, porcentajes con intervalos al 95% y medidas de encuestados, hogares o niños de las rondas de monitoreo de flujo DTM,',
    `agrupados por hasta ${MAX_GROUP_BY} dimensiones. El público recibe cifras con control de divulgación; la respuesta trae el estado y las advertencias que deben acompañar las cifras.`,
  ].join(' ');
  return { definition: { title: 'Stats', description, inputSchema, annotations: { title: 'Stats', ...READ_ONLY } }, filters: types };
}

/** Registers the `stats` tool: the stats query of the unit, run as a public request of the caller's client. */
export function registerStatsTool(
  server: McpServer,
  made: ReturnType<typeof statsToolDefinition>,
  apollo: ApolloServer<Context>,
  contextFor: CallerContext,
): void {
  registerTool(server, STATS_TOOL, made.definition, async (args) => {
    const unit = String(args.unit).toLowerCase() as StatsUnit;
    const lang = args.language as Lang;
    const filter = (args.filter ?? {}) as Record<string, unknown>;
    const allowed = Object.keys(made.filters[unit].getFields());
    const foreign = Object.keys(filter).filter((f) => !allowed.includes(f));
    if (foreign.length > 0) {
      return toolError(`BAD_USER_INPUT: filter.${foreign[0]} does not apply to unit ${unit.toUpperCase()}; its filter fields are ${allowed.join(', ')}.`);
    }
    const answer = await runOperation(
      apollo,
      contextFor,
      {
        query: statsOperation(unit),
        operationName: 'McpStats',
        variables: { filter, groupBy: args.groupBy, measures: args.measures, lang: lang.toUpperCase(), country: filter.country ?? null },
      },
      lang,
    );
    if (answer.errors?.length || !answer.data) return toolError(answer.errors ?? 'The stats query answered no data.');
    const stats = answer.data.stats as StatsAnswer & Record<string, unknown>;
    if (stats.disclosure.status === 'BLOCKED') return toolError(blockedReason(stats, lang));
    const counted = (answer.data.rounds as RoundInfo[]).filter((r) => filter.round === undefined || r.number === filter.round);
    return toolAnswer({
      stats,
      rounds: counted.map(({ country, number, name, dataKind }) => ({ country, number, name, dataKind })),
      caveats: statsCaveats(stats, counted, lang),
    });
  });
}
