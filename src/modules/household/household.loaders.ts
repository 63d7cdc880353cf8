import { oneBy, RowsById } from '../../common/loaders';
import { parentPageLoader } from '../../common/pagination';
import type { Reads } from '../../db/read-session';
import { Household } from './household.entity';
import { householdWhere } from './household.filter';
import { householdSource } from './household.source';

export function createHouseholdLoaders(db: Reads) {
  return {
    householdById: new RowsById(db, householdSource),
    householdByRespondentId: oneBy(db, Household, 'respondentId'),
    householdPageByRoundId: parentPageLoader(db, householdSource, 'roundId', householdWhere),
  };
}
