import { manyBy, oneBy } from '../../common/loaders';
import type { Reads } from '../../db/read-session';
import { Location } from './location.entity';

export function createLocationLoaders(db: Reads) {
  return {
    locationByPcode: oneBy(db, Location, 'pcode'),
    /** A country's locations: the country itself and its admin-1 areas. */
    locationsByCountry: manyBy(db, Location, 'countryIso3', 'pcode'),
  };
}
