import { Field, InputType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { IsCountryCode } from '../../common/country-code';
import { badInput } from '../../common/errors';
import { WhereBuilder } from '../../common/where-builder';
import { FlowIndicator, Publisher } from './flow-statistic.enums';

@InputType({ description: 'Which official figures. All given fields must match (AND).' })
export class FlowStatisticFilter {
  @Field(() => FlowIndicator, { nullable: true, description: 'Indicator.' })
  indicator?: FlowIndicator;

  @Field({ nullable: true, description: 'ISO3 code of the country the figure refers to.' })
  @IsCountryCode()
  country?: string;

  @Field(() => Publisher, { nullable: true, description: 'Publisher.' })
  publisher?: Publisher;

  @Field({ nullable: true, description: 'Admin-1 p-code, e.g. `PE24`.' })
  admin1Pcode?: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Only figures whose reference period ends on or after this date.' })
  from?: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Only figures whose reference period ends on or before this date.' })
  to?: string;
}

export function flowStatisticWhere(where: WhereBuilder, f: FlowStatisticFilter | null | undefined, s = 's'): WhereBuilder {
  if (!f) return where;
  if (f.from && f.to && f.from > f.to) {
    throw badInput('filter.from', f.from, `from must not be after to (${f.to}); the filter would match nothing`);
  }
  where
    .eq(`${s}.indicator`, f.indicator)
    .eq(`${s}.country`, f.country?.toUpperCase())
    .eq(`${s}.publisher`, f.publisher)
    .eq(`${s}.admin1_pcode`, f.admin1Pcode?.toUpperCase());
  if (f.from) where.add(`${s}.reference_period_end >= ${where.bind(f.from)}`);
  if (f.to) where.add(`${s}.reference_period_end <= ${where.bind(f.to)}`);
  return where;
}
