import { manyBy, oneBy } from '../../common/loaders';
import { parentPageLoader } from '../../common/pagination';
import type { Reads } from '../../db/read-session';
import { Child } from './child.entity';
import { childWhere } from './child.filter';
import { childSource } from './child.source';

export function createChildLoaders(db: Reads) {
  return {
    childById: oneBy(db, Child, 'id'),
    childrenByHouseholdId: manyBy(db, Child, 'householdId', 'id'),
    childPageByRoundId: parentPageLoader(db, childSource, 'roundId', childWhere),
  };
}
