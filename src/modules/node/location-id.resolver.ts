import { FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { Location } from '../location/location.entity';
import { globalId } from './node.ids';

/**
 * A Location's Node id is its code (ISO3 or p-code) tagged with the type. Its untagged id of the
 * previous release was the code alone, which `pcode` still gives (and is the federation key).
 */
@Resolver(() => Location)
export class LocationIdResolver {
  @FieldResolver(() => ID, { description: 'Stable identifier, unique across every type that implements Node: `Location:` and the `pcode`, e.g. `Location:PE24`.' })
  id(@Root() location: Location): string {
    return globalId('Location', location.pcode);
  }
}
