import { unitSource } from '../../common/unit-source';
import { Respondent } from './respondent.entity';

/** Respondent rows as the list and page queries select them (alias `r`). */
export const respondentSource = unitSource<Respondent>('respondent', Respondent);
