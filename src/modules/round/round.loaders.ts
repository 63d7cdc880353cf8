import { manyBy, oneBy } from '../../common/loaders';
import type { Reads } from '../../db/read-session';
import { Round } from './round.entity';

export function createRoundLoaders(db: Reads) {
  return { roundById: oneBy(db, Round, 'id'), roundsByCountry: manyBy(db, Round, 'country', 'number') };
}
