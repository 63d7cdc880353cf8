import { FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { Location } from '../location/location.entity';

/** A Location's Node id is its code: ISO3 or p-code, which no other type's id can look like. */
@Resolver(() => Location)
export class LocationIdResolver {
  @FieldResolver(() => ID, { description: 'The same as `pcode`: unique across every type that implements Node.' })
  id(@Root() location: Location): string {
    return location.pcode;
  }
}
