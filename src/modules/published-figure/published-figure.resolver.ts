import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { WhereBuilder } from '../../common/where-builder';
import type { Context } from '../../server/context';
import { PublishedFigure } from './published-figure.entity';
import { PublishedFigureFilter } from './published-figure.filter';

@Resolver(() => PublishedFigure)
export class PublishedFigureResolver {
  @Query(() => [PublishedFigure], { description: 'Figures published in DTM round reports and press about them, in source order.' })
  publishedFigures(
    @Ctx() ctx: Context,
    @Arg('filter', () => PublishedFigureFilter, { nullable: true, description: 'Which figures.' })
    filter?: PublishedFigureFilter | null,
  ): Promise<PublishedFigure[]> {
    const where = new WhereBuilder()
      .eq('f.country', filter?.country?.toUpperCase())
      .eq('f.round', filter?.round)
      .eq('f.indicator', filter?.indicator)
      .eq('f.confidence', filter?.confidence);
    const qb = ctx.dataSource.getRepository(PublishedFigure).createQueryBuilder('f');
    return where.applyTo(qb).orderBy('f.id', 'ASC').getMany();
  }
}
