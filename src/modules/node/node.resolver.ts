import { GraphQLError, GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, ID, Info, Query, Resolver } from 'type-graphql';
import { forbidden } from '../../common/errors';
import { quote } from '../../common/quote';
import { MAX_PAGE_SIZE } from '../../common/page';
import { declareFieldNeeds, requestedColumns } from '../../common/requested-columns';
import { Role } from '../../common/roles';
import type { Context } from '../context';
import { Child } from '../child/child.entity';
import { Household } from '../household/household.entity';
import { householdSource } from '../household/household.source';
import { Respondent } from '../respondent/respondent.entity';
import { respondentSource } from '../respondent/respondent.source';
import { rowById } from '../row-pages';
import { asNode, Node } from './node.interface';
import { globalId, ID_EXAMPLE, NodeTypeName, parseId, ROW_LEVEL_TYPES, unknownType, UNTAGGED_IDS_NOTE, UntaggedShape } from './node.ids';

// `legacyId` reads the `id` column, which every read of these rows keeps.
for (const entity of [Respondent, Household, Child]) declareFieldNeeds(entity, { legacyId: [] });

const NEEDS_A_KEY =
  'row-level data about refugees and migrants and needs a partner key (send "Authorization: Bearer <key>"). ' +
  'Public callers can look up rounds, survey points and locations.';

function rowLevelForbidden(id: string): GraphQLError {
  return forbidden(
    `node(id: ${quote(id)}): an id of the form <round id>:<code> that is not a survey point names a respondent, household or child, which is ${NEEDS_A_KEY}`,
  );
}

function taggedRowLevelForbidden(id: string, type: NodeTypeName): GraphQLError {
  return forbidden(`node(id: ${quote(id)}): a ${type} is ${NEEDS_A_KEY}`);
}

function ambiguous(id: string, types: NodeTypeName[]): GraphQLError {
  return new GraphQLError(
    `node(id: ${quote(id)}): ${types.join(' and ')} share this id because their bundle used the same code for both; ` +
      `ask for it with its type, e.g. ${quote(globalId(types[0], id))}.`,
    { extensions: { code: 'AMBIGUOUS_ID', types } },
  );
}

/**
 * The object a tagged id names: one loader, so one table. A public caller asking for a row-level
 * type is refused before any table is read, whether or not such a row exists, so the answer never
 * tells which respondent ids exist.
 */
async function findTagged(id: string, type: NodeTypeName, key: string, ctx: Context, info: GraphQLResolveInfo): Promise<object | null> {
  if (ROW_LEVEL_TYPES.includes(type) && ctx.role !== Role.PARTNER) throw taggedRowLevelForbidden(id, type);
  // Each row type reads the columns its own fragments ask for (and its keys), and a respondent or
  // household the nested rows they ask for, in the same statement (row-pages.ts).
  switch (type) {
    case 'Round':
      return asNode(await ctx.loaders.roundById.load(key), type);
    case 'Location':
      return asNode(await ctx.loaders.locationByPcode.load(key), type);
    case 'SurveyPoint':
      return asNode(await ctx.loaders.surveyPointById.load(key), type);
    case 'Respondent':
      return asNode(await rowById(ctx, info, respondentSource, ctx.loaders.respondentById, key, type), type);
    case 'Household':
      return asNode(await rowById(ctx, info, householdSource, ctx.loaders.householdById, key, type), type);
    case 'Child':
      return asNode(await ctx.loaders.childById.load(key, requestedColumns(info, Child, [], type)), type);
  }
}

/**
 * The object an untagged id of the previous release names, looked up as that release did: its
 * shape tells rounds and locations apart, but a `<round id>:<code>` id may be any of four types,
 * so all four tables are read. A public caller is refused such an id unless it is a survey point.
 */
async function findUntagged(id: string, shape: UntaggedShape, ctx: Context, info: GraphQLResolveInfo): Promise<object | null> {
  switch (shape.kind) {
    case 'round':
      return asNode(await ctx.loaders.roundById.load(id), 'Round');
    case 'location':
      return asNode(await ctx.loaders.locationByPcode.load(id), 'Location');
    case 'inRound': {
      if (ctx.role !== Role.PARTNER) {
        const point = await ctx.loaders.surveyPointById.load(id);
        if (point) return asNode(point, 'SurveyPoint');
        throw rowLevelForbidden(id);
      }
      // Each row type reads the columns its own fragments ask for (and its keys), and a respondent
      // or household the nested rows they ask for, in its own statement (row-pages.ts).
      const candidates = await Promise.all([
        ctx.loaders.surveyPointById.load(id).then((v) => asNode(v, 'SurveyPoint')),
        rowById(ctx, info, respondentSource, ctx.loaders.respondentById, id, 'Respondent').then((v) => asNode(v, 'Respondent')),
        rowById(ctx, info, householdSource, ctx.loaders.householdById, id, 'Household').then((v) => asNode(v, 'Household')),
        ctx.loaders.childById.load(id, requestedColumns(info, Child, [], 'Child')).then((v) => asNode(v, 'Child')),
      ]);
      const types: NodeTypeName[] = ['SurveyPoint', 'Respondent', 'Household', 'Child'];
      const found = candidates.flatMap((value, i) => (value ? [{ value, type: types[i] }] : []));
      if (found.length > 1) throw ambiguous(id, found.map((f) => f.type));
      return found[0]?.value ?? null;
    }
  }
}

/** Finds the object an id names, through the request's loaders. */
function findNode(argument: string, id: string, ctx: Context, info: GraphQLResolveInfo): Promise<object | null> {
  const parsed = parseId(id);
  switch (parsed.kind) {
    case 'tagged':
      return findTagged(id, parsed.type, parsed.key, ctx, info);
    case 'untagged':
      return findUntagged(id, parsed.shape, ctx, info);
    case 'unknownType':
      return Promise.reject(unknownType(argument, id, parsed.prefix));
    case 'none':
      return Promise.resolve(null);
  }
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description:
      'The object with this id, of any type that implements Node, or null when there is none (Relay refetching). ' +
      'Respondents, households and children need a partner key, as everywhere else.',
  })
  node(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('id', () => ID, { description: `An id as the API gave it, e.g. \`Round:PER-4\` or \`${ID_EXAMPLE}\`. ${UNTAGGED_IDS_NOTE}` }) id: string,
  ) {
    return findNode('id', id, ctx, info);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description:
      `The objects with these ids, in the order asked, null where there is none (at most ${MAX_PAGE_SIZE} ids). ` +
      'Each id is checked on its own: one refused id is an error at its position, not for the whole list.',
  })
  nodes(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('ids', () => [ID], { description: `Ids as the API gave them, at most ${MAX_PAGE_SIZE}. ${UNTAGGED_IDS_NOTE}` }) ids: string[],
  ): Promise<object | null>[] {
    if (ids.length > MAX_PAGE_SIZE) {
      throw new GraphQLError(`nodes(ids:): ${ids.length} ids were asked for; at most ${MAX_PAGE_SIZE} are allowed per request.`, {
        extensions: { code: 'BAD_USER_INPUT', argument: 'ids' },
      });
    }
    // A list of promises, not one: graphql-js settles each item by itself, so errors stay per item.
    return ids.map((id) => findNode('ids', id, ctx, info));
  }
}
