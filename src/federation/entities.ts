import { roundId } from '../modules/round/round.entity';
import type { Context } from '../modules/context';

/** A `Round` representation: by the hub's id (`PER-4`), or by country and number (`PER`, 4). */
type RoundReference = { id: string } | { country: string; number: number };

/**
 * Entities other subgraphs may reference (`@key`), with how each is fetched: through the same
 * per-request loaders as every field resolver. Only public types are entities: respondents,
 * households and children are never resolvable by reference, so a federated graph cannot reach
 * row-level data around the partner-key check.
 */
export const referenceResolvers = {
  Round: {
    // The id is country and number by construction (`roundId`), so both keys share one loader and batch together.
    __resolveReference: (ref: RoundReference, ctx: Context) =>
      ctx.loaders.roundById.load('id' in ref ? ref.id : roundId(String(ref.country), Number(ref.number))),
  },
  SurveyPoint: { __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.surveyPointById.load(ref.id) },
  Location: { __resolveReference: (ref: { pcode: string }, ctx: Context) => ctx.loaders.locationByPcode.load(ref.pcode.toUpperCase()) },
};
