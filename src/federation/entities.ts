import type { Context } from '../server/context';

/**
 * Entities other subgraphs may reference (`@key`), with how each is fetched: through the same
 * per-request loaders as every field resolver. Only public types are entities: respondents,
 * households and children are never resolvable by reference, so a federated graph cannot reach
 * row-level data around the partner-key check.
 */
export const referenceResolvers = {
  Round: { __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.roundById.load(ref.id) },
  SurveyPoint: { __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.surveyPointById.load(ref.id) },
  Location: { __resolveReference: (ref: { pcode: string }, ctx: Context) => ctx.loaders.locationByPcode.load(ref.pcode.toUpperCase()) },
};
