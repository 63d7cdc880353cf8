import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { WhereBuilder } from '../../common/where-builder';
import { figuresUpdatedSince, FIGURES_UPDATED_SINCE } from '../change/change.updated';
import type { Context } from '../context';
import { Location } from '../location/location.entity';
import { FlowStatistic } from './flow-statistic.entity';
import { FlowStatisticFilter, flowStatisticWhere } from './flow-statistic.filter';

@Resolver(() => FlowStatistic)
export class FlowStatisticResolver {
  @Query(() => [FlowStatistic], { description: 'Official figures (SNM, IOM, R4V, ...), by end of reference period.' })
  flowStatistics(
    @Ctx() ctx: Context,
    @Arg('filter', () => FlowStatisticFilter, { nullable: true, description: 'Which figures.' }) filter?: FlowStatisticFilter | null,
    @Arg('updatedSince', () => GraphQLDateTime, {
      nullable: true,
      description: FIGURES_UPDATED_SINCE,
    })
    updatedSince?: Date | null,
  ): Promise<FlowStatistic[]> {
    return ctx.db.run((m) =>
      figuresUpdatedSince(flowStatisticWhere(new WhereBuilder(), filter), updatedSince)
        .applyTo(m.getRepository(FlowStatistic).createQueryBuilder('s'))
        .orderBy('s.reference_period_end', 'ASC')
        .addOrderBy('s.indicator', 'ASC')
        .addOrderBy('s.id', 'ASC')
        .getMany(),
    );
  }

  @FieldResolver(() => Location, {
    nullable: true,
    description: 'The place the figure is for, as a `Location` entity: its admin-1 area when `admin1Pcode` is set, else its country.',
  })
  place(@Root() s: FlowStatistic, @Ctx() ctx: Context): Promise<Location | null> {
    return ctx.loaders.locationByPcode.load(s.admin1Pcode ?? s.country);
  }
}
