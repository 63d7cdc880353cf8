import { unitSource } from '../../common/unit-source';
import { Respondent } from '../respondent/respondent.entity';
import { Household } from './household.entity';

/** Household rows joined to their respondent (aliases `h`, `r`), as filters need. */
export const householdSource = unitSource<Household>('household', Household, { respondent: Respondent });
