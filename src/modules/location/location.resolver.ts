import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { assertCountryCode } from '../../common/country-code';
import { WhereBuilder } from '../../common/where-builder';
import type { Context } from '../context';
import { Location, LocationLevel, LocationName, LocationSource } from './location.entity';

@Resolver(() => Location)
export class LocationResolver {
  @Query(() => [Location], {
    description:
      'Countries and administrative areas the data can refer to, by code: every country, its admin-1 areas (from its COD-AB table once loaded, else ISO 3166-2) and the admin-2 areas of COD-AB tables that have them.',
  })
  locations(
    @Ctx() ctx: Context,
    @Arg('country', () => String, { nullable: true, description: 'Only locations in this country (ISO3).' }) country?: string | null,
    @Arg('level', () => LocationLevel, { nullable: true, description: 'Only countries, only admin-1 areas or only admin-2 areas.' })
    level?: LocationLevel | null,
    @Arg('source', () => LocationSource, { nullable: true, description: 'Only areas from this gazetteer (COD-AB or ISO 3166-2).' })
    source?: LocationSource | null,
  ): Promise<Location[]> {
    const where = new WhereBuilder()
      .eq('l.country_iso3', country ? assertCountryCode('country', country) : null)
      .eq('l.level', level)
      .eq('l.source', source);
    return ctx.db.run((m) => where.applyTo(m.getRepository(Location).createQueryBuilder('l')).orderBy('l.pcode', 'ASC').getMany());
  }

  @Query(() => Location, { nullable: true, description: 'One location by ISO3 code or p-code, or null.' })
  location(@Ctx() ctx: Context, @Arg('pcode', () => ID, { description: 'ISO3 code or p-code of an area (ISO 3166-2 code for areas without a COD-AB table).' }) pcode: string) {
    return ctx.loaders.locationByPcode.load(pcode.toUpperCase());
  }

  @FieldResolver(() => [LocationName], {
    description: 'The names of an area in every language of its COD-AB table, in column order; empty for countries and ISO 3166-2 areas.',
  })
  names(@Root() l: Location): LocationName[] {
    if (!l.namesJson) return [];
    return Object.entries(JSON.parse(l.namesJson) as Record<string, string>).map(([language, name]) => ({ language, name }));
  }
}
