import { oneBy } from '../../common/loaders';
import { parentPageLoader } from '../../common/pagination';
import type { Reads } from '../../db/read-session';
import { Household } from './household.entity';
import { householdWhere } from './household.filter';
import { householdSource } from './household.source';

export function createHouseholdLoaders(db: Reads) {
  return {
    householdById: oneBy(db, Household, 'id'),
    householdByRespondentId: oneBy(db, Household, 'respondentId'),
    householdPageByRoundId: parentPageLoader(db, householdSource, 'h.round_id', householdWhere),
  };
}
