import { DataSource } from 'typeorm';
import { manyBy, oneBy } from '../../common/loaders';
import { parentPageLoader } from '../../common/pagination';
import { Child } from './child.entity';
import { childWhere } from './child.filter';
import { childSource } from './child.source';

export function createChildLoaders(ds: DataSource) {
  return {
    childById: oneBy(ds, Child, 'id'),
    childrenByHouseholdId: manyBy(ds, Child, 'householdId', 'id'),
    childPageByRoundId: parentPageLoader(ds, childSource, 'c.round_id', childWhere),
  };
}
