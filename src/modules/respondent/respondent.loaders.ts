import { manyBy, oneBy } from '../../common/loaders';
import { parentPageLoader } from '../../common/pagination';
import type { Reads } from '../../db/read-session';
import { RespondentChoice } from './respondent-choice.entity';
import { Respondent } from './respondent.entity';
import { respondentWhere } from './respondent.filter';
import { respondentSource } from './respondent.source';

export function createRespondentLoaders(db: Reads) {
  return {
    respondentById: oneBy(db, Respondent, 'id'),
    choicesByRespondentId: manyBy(db, RespondentChoice, 'respondentId', 'code'),
    respondentPageByRoundId: parentPageLoader(db, respondentSource, 'r.round_id', respondentWhere),
  };
}
