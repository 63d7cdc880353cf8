import { DataSource } from 'typeorm';
import type { DisclosureSettings } from '../config/disclosure-settings';
import type { Role } from '../common/roles';
import type { HeavySql } from '../db/heavy-sql';
import { ReadSession } from '../db/read-session';
import type { Lang } from '../questionnaire/text';
import type { ObjectLiteral } from 'typeorm';
import type { PageArgs } from '../common/page';
import type { PageSource } from '../common/pagination';
import type { WhereBuilder } from '../common/where-builder';
import type { Reads } from '../db/read-session';
import { createChangeLoaders } from './change/change.updated';
import { createChildLoaders } from './child/child.loaders';
import { createCoverageLoaders } from './coverage/coverage.topics';
import { createFlowStatisticLoaders } from './flow-statistic/flow-statistic.loaders';
import { createHouseholdLoaders } from './household/household.loaders';
import { createLocationLoaders } from './location/location.loaders';
import { createRespondentLoaders } from './respondent/respondent.loaders';
import { createRoundLoaders } from './round/round.loaders';
import { createSurveyPointLoaders } from './survey-point/survey-point.loaders';

/** Every module's loaders for one request, reading through its snapshot. */
export function createLoaders(db: ReadSession) {
  return {
    ...createRoundLoaders(db),
    ...createSurveyPointLoaders(db),
    ...createRespondentLoaders(db),
    ...createHouseholdLoaders(db),
    ...createChildLoaders(db),
    ...createLocationLoaders(db),
    ...createFlowStatisticLoaders(db),
    ...createChangeLoaders(db),
    ...createCoverageLoaders(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

/**
 * What every resolver receives: the caller's role, this request's reads and its loaders. The
 * server makes one per request (server/context.ts).
 */
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
  statsSql: HeavySql;
  loaders: Loaders;
  /** The disclosure settings public stats answers follow (DISCLOSURE_* settings). */
  disclosure: DisclosureSettings;
  /** Language of labels when a query does not name one: from `Accept-Language`, else English. */
  lang: Lang;
  /**
   * Set while a compiled page runs its root field (server/compiled-pages-plugin.ts): the root
   * connection then reads and writes the whole answer in one go instead of returning rows.
   */
  compiledPage?: CompiledPageRead;
}

/**
 * What the root connection's resolver calls when its operation is a compiled page
 * (modules/compiled-pages/compiled-page-read.ts): the one page statement, written into the
 * connection's answer. The resolver itself has checked the caller and its arguments, as for any
 * page; it returns the empty object that the cut document's `{ __typename }` reads.
 */
export interface CompiledPageRead {
  read<T extends ObjectLiteral & { id: string }>(db: Reads, source: PageSource<T>, where: WhereBuilder, page: PageArgs): Promise<{ __typename?: never }>;
}
