import { referenceKey } from '../modules/node/node.ids';
import { roundId } from '../modules/round/round.entity';
import type { Context } from '../modules/context';

/** A `Round` representation: by the hub's id (`Round:PER-4`, or `PER-4` as before), or by country and number (`PER`, 4). */
type RoundReference = { id: string } | { country: string; number: number };

/**
 * Entities other subgraphs may reference (`@key`), with how each is fetched: through the same
 * per-request loaders as every field resolver. Only public types are entities: respondents,
 * households and children are never resolvable by reference, so a federated graph cannot reach
 * row-level data around the partner-key check.
 */
export const referenceResolvers = {
  // Another subgraph may hold ids of the previous release (untagged): `referenceKey` takes both forms this release.
  Round: {
    // The key is country and number by construction (`roundId`), so both keys share one loader and batch together.
    __resolveReference: (ref: RoundReference, ctx: Context) => {
      const key = 'id' in ref ? referenceKey(String(ref.id), 'Round') : roundId(String(ref.country), Number(ref.number));
      return key === null ? null : ctx.loaders.roundById.load(key);
    },
  },
  SurveyPoint: {
    __resolveReference: (ref: { id: string }, ctx: Context) => {
      const key = referenceKey(String(ref.id), 'SurveyPoint');
      return key === null ? null : ctx.loaders.surveyPointById.load(key);
    },
  },
  Location: { __resolveReference: (ref: { pcode: string }, ctx: Context) => ctx.loaders.locationByPcode.load(ref.pcode.toUpperCase()) },
};
