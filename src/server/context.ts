import { DataSource } from 'typeorm';
import { createChildLoaders } from '../modules/child/child.loaders';
import { createHouseholdLoaders } from '../modules/household/household.loaders';
import { createLocationLoaders } from '../modules/location/location.loaders';
import { createFigureComputationLoader } from '../modules/published-figure/published-figure.reconcile';
import { createRespondentLoaders } from '../modules/respondent/respondent.loaders';
import { createRoundLoaders } from '../modules/round/round.loaders';
import { createSurveyPointLoaders } from '../modules/survey-point/survey-point.loaders';
import { Role } from '../security/roles';

export function createLoaders(ds: DataSource, access: { role: Role; disclosureMinCell: number }) {
  return {
    figureComputation: createFigureComputationLoader(ds, access),
    ...createRoundLoaders(ds),
    ...createSurveyPointLoaders(ds),
    ...createRespondentLoaders(ds),
    ...createHouseholdLoaders(ds),
    ...createChildLoaders(ds),
    ...createLocationLoaders(ds),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** What every resolver receives: the caller's role, the database and this request's loaders. */
export interface Context {
  role: Role;
  dataSource: DataSource;
  loaders: Loaders;
  disclosureMinCell: number;
}
