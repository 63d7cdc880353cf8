import { DataSource } from 'typeorm';
import { manyBy, oneBy } from '../../common/loaders';
import { SurveyPoint } from './survey-point.entity';

export function createSurveyPointLoaders(ds: DataSource) {
  return {
    surveyPointById: oneBy(ds, SurveyPoint, 'id'),
    surveyPointsByRoundId: manyBy(ds, SurveyPoint, 'roundId', 'code'),
  };
}
