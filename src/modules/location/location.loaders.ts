import { oneBy } from '../../common/loaders';
import type { Reads } from '../../db/read-session';
import { Location } from './location.entity';

export function createLocationLoaders(db: Reads) {
  return { locationByPcode: oneBy(db, Location, 'pcode') };
}
