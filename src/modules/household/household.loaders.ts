import { DataSource } from 'typeorm';
import { oneBy } from '../../common/loaders';
import { parentPageLoader } from '../../common/pagination';
import { Household } from './household.entity';
import { householdWhere } from './household.filter';
import { householdSource } from './household.source';

export function createHouseholdLoaders(ds: DataSource) {
  return {
    householdById: oneBy(ds, Household, 'id'),
    householdByRespondentId: oneBy(ds, Household, 'respondentId'),
    householdPageByRoundId: parentPageLoader(ds, householdSource, 'h.round_id', householdWhere),
  };
}
