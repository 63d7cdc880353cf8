import { DataSource } from 'typeorm';
import { manyBy, oneBy } from '../../common/loaders';
import { parentPageLoader } from '../../common/pagination';
import { RespondentChoice } from './respondent-choice.entity';
import { Respondent } from './respondent.entity';
import { respondentWhere } from './respondent.filter';
import { respondentSource } from './respondent.source';

export function createRespondentLoaders(ds: DataSource) {
  return {
    respondentById: oneBy(ds, Respondent, 'id'),
    choicesByRespondentId: manyBy(ds, RespondentChoice, 'respondentId', 'code'),
    respondentPageByRoundId: parentPageLoader(ds, respondentSource, 'r.round_id', respondentWhere),
  };
}
