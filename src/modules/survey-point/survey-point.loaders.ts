import { manyBy, oneBy } from '../../common/loaders';
import type { Reads } from '../../db/read-session';
import { SurveyPoint } from './survey-point.entity';

export function createSurveyPointLoaders(db: Reads) {
  return {
    surveyPointById: oneBy(db, SurveyPoint, 'id'),
    surveyPointsByRoundId: manyBy(db, SurveyPoint, 'roundId', 'code'),
    surveyPointsByAdmin1: manyBy(db, SurveyPoint, 'admin1Pcode', 'id'),
  };
}
