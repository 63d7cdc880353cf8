import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { WhereBuilder } from '../../common/where-builder';
import { figuresUpdatedSince, FIGURES_UPDATED_SINCE } from '../change/change.updated';
import type { Context } from '../context';
import { PublishedFigure } from './published-figure.entity';
import { PublishedFigureFilter } from './published-figure.filter';
import { figureDate, figureText } from './published-figure.values';

@Resolver(() => PublishedFigure)
export class PublishedFigureResolver {
  @Query(() => [PublishedFigure], { description: 'Figures published in DTM round reports and press about them, in source order.' })
  publishedFigures(
    @Ctx() ctx: Context,
    @Arg('filter', () => PublishedFigureFilter, { nullable: true, description: 'Which figures.' })
    filter?: PublishedFigureFilter | null,
    @Arg('updatedSince', () => GraphQLDateTime, {
      nullable: true,
      description: FIGURES_UPDATED_SINCE,
    })
    updatedSince?: Date | null,
  ): Promise<PublishedFigure[]> {
    const where = new WhereBuilder()
      .eq('f.country', filter?.country?.toUpperCase())
      .eq('f.round', filter?.round)
      .eq('f.indicator', filter?.indicator)
      .eq('f.confidence', filter?.confidence);
    figuresUpdatedSince(where, updatedSince);
    return ctx.db.run((m) => where.applyTo(m.getRepository(PublishedFigure).createQueryBuilder('f')).orderBy('f.id', 'ASC').getMany());
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The value of a text or date figure as published, e.g. `September-October 2018` for the fieldwork period; ' +
      'null for numeric figures (see `value`).',
  })
  valueText(@Root() f: PublishedFigure): string | null {
    return figureText(f);
  }

  @FieldResolver(() => GraphQLLocalDate, {
    nullable: true,
    description: 'The date of a date figure (unit `date`, e.g. the release of the results); null for other figures.',
  })
  valueDate(@Root() f: PublishedFigure): string | null {
    return figureDate(f);
  }
}
