import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { assertCountryCode } from '../../common/country-code';
import { WhereBuilder } from '../../common/where-builder';
import type { Context } from '../../server/context';
import { Location, LocationLevel } from './location.entity';

@Resolver(() => Location)
export class LocationResolver {
  @Query(() => [Location], { description: 'Countries and admin-1 areas the data can refer to, by code.' })
  locations(
    @Ctx() ctx: Context,
    @Arg('country', () => String, { nullable: true, description: 'Only locations in this country (ISO3).' }) country?: string | null,
    @Arg('level', () => LocationLevel, { nullable: true, description: 'Only countries, or only admin-1 areas.' })
    level?: LocationLevel | null,
  ): Promise<Location[]> {
    const where = new WhereBuilder()
      .eq('l.country_iso3', country ? assertCountryCode('country', country) : null)
      .eq('l.level', level);
    return ctx.db.run((m) => where.applyTo(m.getRepository(Location).createQueryBuilder('l')).orderBy('l.pcode', 'ASC').getMany());
  }

  @Query(() => Location, { nullable: true, description: 'One location by ISO3 code or p-code, or null.' })
  location(@Ctx() ctx: Context, @Arg('pcode', () => ID, { description: 'ISO3 code or admin-1 p-code.' }) pcode: string) {
    return ctx.loaders.locationByPcode.load(pcode.toUpperCase());
  }
}
