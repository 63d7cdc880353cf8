import { DataSource } from 'typeorm';
import { engineOf, StatsSql, statsSqlOn } from '../aggregation/stats.service';
import { ReadSession } from '../db/read-session';
import { createChildLoaders } from '../modules/child/child.loaders';
import { createFlowStatisticLoaders } from '../modules/flow-statistic/flow-statistic.loaders';
import { createHouseholdLoaders } from '../modules/household/household.loaders';
import { createLocationLoaders } from '../modules/location/location.loaders';
import { createFigureComputationLoader } from '../modules/published-figure/published-figure.reconcile';
import { createRespondentLoaders } from '../modules/respondent/respondent.loaders';
import { createRoundLoaders } from '../modules/round/round.loaders';
import { createSurveyPointLoaders } from '../modules/survey-point/survey-point.loaders';
import type { Lang } from '../questionnaire/text';
import { Role } from '../security/roles';

type Access = { role: Role; disclosureMinCell: number; lang: Lang };

export function createLoaders(db: ReadSession, statsSql: StatsSql, access: Access) {
  return {
    figureComputation: createFigureComputationLoader(statsSql, access),
    ...createRoundLoaders(db),
    ...createSurveyPointLoaders(db),
    ...createRespondentLoaders(db),
    ...createHouseholdLoaders(db),
    ...createChildLoaders(db),
    ...createLocationLoaders(db),
    ...createFlowStatisticLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/** What every resolver receives: the caller's role, this request's reads and its loaders. */
export interface Context {
  role: Role;
  /**
   * The hub's DataSource, for writes and checks that are not part of the answer. Reads for the
   * answer go through `db`, so that they all see the request's one snapshot.
   */
  dataSource: DataSource;
  /** This request's read snapshot: taken at its first statement, ended when the response is ready. */
  db: ReadSession;
  /** Runs stats statements on the snapshot, through the heavy-work gate and within the time budget. */
  statsSql: StatsSql;
  loaders: Loaders;
  disclosureMinCell: number;
  /** Language of labels when a query does not name one: from `Accept-Language`, else English. */
  lang: Lang;
}

/** The context of one request (GraphQL operation or CSV export). */
export function requestContext(ds: DataSource, db: ReadSession, access: Access): Context {
  const statsSql: StatsSql = (sql, params) => db.runHeavy((manager) => statsSqlOn(manager)(sql, params));
  statsSql.engine = engineOf(ds.manager);
  return { ...access, dataSource: ds, db, statsSql, loaders: createLoaders(db, statsSql, access) };
}
