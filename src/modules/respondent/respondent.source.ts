import { PageSource } from '../../common/pagination';
import { Respondent } from './respondent.entity';

/** Respondent rows as the list and page queries select them (alias `r`). */
export const respondentSource: PageSource<Respondent> = { entity: Respondent, alias: 'r' };
