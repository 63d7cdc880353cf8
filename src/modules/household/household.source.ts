import { PageSource } from '../../common/pagination';
import { Respondent } from '../respondent/respondent.entity';
import { Household } from './household.entity';

/** Household rows joined to their respondent (aliases `h`, `r`), as filters need. */
export const householdSource: PageSource<Household> = {
  entity: Household,
  alias: 'h',
  join: (qb) => qb.innerJoin(Respondent, 'r', 'r.id = h.respondent_id'),
};
