import { unitSource } from '../../common/unit-source';
import { Household } from '../household/household.entity';
import { Respondent } from '../respondent/respondent.entity';
import { Child } from './child.entity';

/** Child rows joined to household and respondent (aliases `c`, `h`, `r`), as filters need. */
export const childSource = unitSource<Child>('child', Child, { household: Household, respondent: Respondent });
