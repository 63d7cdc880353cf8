import { PageSource } from '../../common/pagination';
import { Household } from '../household/household.entity';
import { Respondent } from '../respondent/respondent.entity';
import { Child } from './child.entity';

/** Child rows joined to household and respondent (aliases `c`, `h`, `r`), as filters need. */
export const childSource: PageSource<Child> = {
  entity: Child,
  alias: 'c',
  join: (qb) => qb.innerJoin(Household, 'h', 'h.id = c.household_id').innerJoin(Respondent, 'r', 'r.id = h.respondent_id'),
};
