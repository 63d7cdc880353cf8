import { manyBy, RowsById } from '../../common/loaders';
import { parentPageLoader } from '../../common/pagination';
import type { Reads } from '../../db/read-session';
import { RespondentChoice } from './respondent-choice.entity';
import { respondentWhere } from './respondent.filter';
import { respondentSource } from './respondent.source';

export function createRespondentLoaders(db: Reads) {
  return {
    respondentById: new RowsById(db, respondentSource),
    choicesByRespondentId: manyBy(db, RespondentChoice, 'respondentId', 'code'),
    respondentPageByRoundId: parentPageLoader(db, respondentSource, 'roundId', respondentWhere),
    respondentPageBySurveyPointId: parentPageLoader(db, respondentSource, 'surveyPointId', respondentWhere),
  };
}
