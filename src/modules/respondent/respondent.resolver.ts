import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Query, Resolver, Root } from 'type-graphql';
import { answerType } from '../../common/answer-type';
import { PageArgs } from '../../common/page';
import { declareFieldNeeds, declareRowType, requestedColumns } from '../../common/requested-columns';
import { WhereBuilder } from '../../common/where-builder';
import type { Context } from '../context';
import { rootConnection, rowById } from '../row-pages';
import { CHOICE_QUESTIONS, questionsOf } from '../../questionnaire/registry';
import { Household } from '../household/household.entity';
import { Location } from '../location/location.entity';
import { Round } from '../round/round.entity';
import { SurveyPoint } from '../survey-point/survey-point.entity';
import { RespondentConnection } from './respondent.connection';
import { Respondent } from './respondent.entity';
import { RespondentFilter, respondentWhere } from './respondent.filter';
import { respondentSource } from './respondent.source';
import { keyOfId, UNTAGGED_IDS_NOTE } from '../node/node.ids';

@Resolver(() => Respondent)
export class RespondentResolver {
  @Authorized()
  @Query(() => RespondentConnection, { description: 'Respondents matching a filter, by id (partner key needed).' })
  async respondents(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Args() page: PageArgs,
    @Arg('filter', () => RespondentFilter, { nullable: true, description: 'Which respondents.' }) filter?: RespondentFilter | null,
  ) {
    return rootConnection(ctx, info, respondentSource, respondentWhere(new WhereBuilder(), filter), page);
  }

  @Authorized()
  @Query(() => Respondent, { nullable: true, description: 'One respondent by id, or null (partner key needed).' })
  respondent(
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
    @Arg('id', () => ID, { description: `Respondent id, e.g. \`Respondent:PER-4:r4-00001\`. ${UNTAGGED_IDS_NOTE}` }) id: string,
  ) {
    return rowById(ctx, info, respondentSource, ctx.loaders.respondentById, keyOfId('id', id, 'Respondent'));
  }

  @FieldResolver(() => Round, { description: 'The round of the interview.' })
  async round(@Root() r: Respondent, @Ctx() ctx: Context): Promise<Round> {
    return (await ctx.loaders.roundById.load(r.roundId))!;
  }

  @FieldResolver(() => SurveyPoint, { description: 'Where the respondent was interviewed.' })
  async surveyPoint(@Root() r: Respondent, @Ctx() ctx: Context): Promise<SurveyPoint> {
    return (await ctx.loaders.surveyPointById.load(r.surveyPointId))!;
  }

  @FieldResolver(() => Household, { nullable: true, description: 'The travelling group and the members left in Venezuela.' })
  household(@Root() r: Respondent, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Household | null | Promise<Household | null> {
    return ctx.loaders.householdByRespondentId.primedOrLoad(r.id, requestedColumns(info, Household));
  }

  @FieldResolver(() => Location, { nullable: true, description: 'Nationality as a `Location` entity (`nationality` holds its ISO3 code).' })
  nationalityLocation(@Root() r: Respondent, @Ctx() ctx: Context): Promise<Location | null> {
    return ctx.loaders.locationByPcode.load(r.nationality);
  }

  @FieldResolver(() => Location, {
    nullable: true,
    description: 'Intended final destination as a `Location` entity (`destinationCountry` holds its ISO3 code); null when not answered.',
  })
  destinationCountryLocation(@Root() r: Respondent, @Ctx() ctx: Context): Promise<Location | null> | null {
    return r.destinationCountry ? ctx.loaders.locationByPcode.load(r.destinationCountry) : null;
  }

  @FieldResolver(() => Location, { nullable: true, description: 'Venezuelan state of origin.' })
  originState(@Root() r: Respondent, @Ctx() ctx: Context): Promise<Location | null> | null {
    return r.originStatePcode ? ctx.loaders.locationByPcode.load(r.originStatePcode) : null;
  }

  @FieldResolver(() => Location, { nullable: true, description: 'Peruvian department of destination, when the destination is Peru.' })
  destinationRegion(@Root() r: Respondent, @Ctx() ctx: Context): Promise<Location | null> | null {
    return r.destinationRegionPcode ? ctx.loaders.locationByPcode.load(r.destinationRegionPcode) : null;
  }
}

/**
 * One list field per multi-select question (`transitCountries`, `violenceTypes`, `mainNeeds`), from
 * the questionnaire: the codes the respondent selected.
 */
for (const q of CHOICE_QUESTIONS) {
  if (!q.field || !q.description) continue;
  const { choice } = q.answer;
  const proto = RespondentResolver.prototype as unknown as Record<string, unknown>;
  proto[q.field] = async (r: Respondent, ctx: Context): Promise<string[]> => {
    const choices = await ctx.loaders.choicesByRespondentId.load(r.id);
    return choices.filter((c) => c.question === choice).map((c) => c.code);
  };
  Reflect.defineMetadata('design:paramtypes', [Respondent, Object], proto, q.field);
  Root()(proto, q.field, 0);
  Ctx()(proto, q.field, 1);
  declareFieldNeeds(Respondent, { [q.field]: [] });
  const itemType = answerType(q);
  FieldResolver(() => [itemType], { description: q.description })(proto, q.field, Object.getOwnPropertyDescriptor(proto, q.field)!);
}

/** Old names of respondent fields (`monthsInPeru`), kept for one release and deprecated in the schema. */
for (const q of questionsOf('respondents')) {
  if (!q.deprecatedField || !q.field) continue;
  const current = q.field;
  const proto = RespondentResolver.prototype as unknown as Record<string, unknown>;
  proto[q.deprecatedField] = (r: Respondent): unknown => (r as unknown as Record<string, unknown>)[current];
  Reflect.defineMetadata('design:paramtypes', [Respondent], proto, q.deprecatedField);
  Root()(proto, q.deprecatedField, 0);
  declareFieldNeeds(Respondent, { [q.deprecatedField]: [current] });
  const type = answerType(q);
  FieldResolver(() => type, { nullable: true, description: `Old name of \`${current}\`.`, deprecationReason: `Use ${current}.` })(
    proto,
    q.deprecatedField,
    Object.getOwnPropertyDescriptor(proto, q.deprecatedField)!,
  );
}

// Reads of a respondent's columns by its resolvers (the keys, and the codes that the place fields
// look up); every other field is its own column. Multi-selects and old names are declared above.
declareRowType(Respondent, ['id', 'roundId', 'surveyPointId']);
declareFieldNeeds(Respondent, {
  round: [],
  surveyPoint: [],
  household: [],
  nationalityLocation: ['nationality'],
  destinationCountryLocation: ['destinationCountry'],
  originState: ['originStatePcode'],
  destinationRegion: ['destinationRegionPcode'],
});
