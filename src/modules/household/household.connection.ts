import { connectionType } from '../../common/connection';
import { Household } from './household.entity';

export const HouseholdConnection = connectionType(Household, 'household');
