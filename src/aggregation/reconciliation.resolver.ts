import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../modules/context';
import { PublishedFigure } from '../modules/published-figure/published-figure.entity';
import { FigureComputation, figureComputations } from './reconciliation';

@Resolver(() => PublishedFigure)
export class PublishedFigureReconcileResolver {
  @FieldResolver(() => FigureComputation, {
    nullable: true,
    description:
      'The figure recomputed from the microdata through the stats queries, on its published base, with the difference; null when the data cannot compute it (or, for public callers, when disclosure control withholds a cell it needs).',
  })
  computed(@Root() figure: PublishedFigure, @Ctx() ctx: Context): Promise<FigureComputation | null> {
    return figureComputations(ctx).load(figure);
  }
}
