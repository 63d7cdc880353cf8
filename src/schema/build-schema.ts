import 'reflect-metadata';
import { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { DisclosurePolicyResolver } from '../aggregation/disclosure-policy.resolver';
import { StatsResolver } from '../aggregation/stats.resolver';
import { ChangeResolver } from '../modules/change/change.resolver';
import { ChildResolver } from '../modules/child/child.resolver';
import { CoverageResolver, RoundCoverageResolver } from '../modules/coverage/coverage.resolver';
import { FlowStatisticResolver } from '../modules/flow-statistic/flow-statistic.resolver';
import { FlowStatisticSeriesResolver } from '../modules/flow-statistic/flow-statistic.series.resolver';
import { HouseholdResolver } from '../modules/household/household.resolver';
import { LocationRelationsResolver } from '../modules/location/location.relations.resolver';
import { LocationStatsResolver } from '../aggregation/location-stats.resolver';
import { LocationResolver } from '../modules/location/location.resolver';
import { LocationIdResolver } from '../modules/node/location-id.resolver';
import { NodeResolver } from '../modules/node/node.resolver';
import { PublishedFigureReconcileResolver } from '../aggregation/reconciliation.resolver';
import { PublishedFigureResolver } from '../modules/published-figure/published-figure.resolver';
import { RespondentResolver } from '../modules/respondent/respondent.resolver';
import { RoundResolver } from '../modules/round/round.resolver';
import { SurveyPointResolver } from '../modules/survey-point/survey-point.resolver';
import { toSubgraphSchema } from '../federation/subgraph-schema';
import { recordOwnResolvers } from '../modules/compiled-pages/own-resolvers';
import { authChecker } from '../security/auth-checker';

export const resolvers = [
  RoundResolver,
  SurveyPointResolver,
  RespondentResolver,
  HouseholdResolver,
  ChildResolver,
  FlowStatisticResolver,
  PublishedFigureResolver,
  LocationResolver,
  LocationRelationsResolver,
  LocationStatsResolver,
  StatsResolver,
  DisclosurePolicyResolver,
  FlowStatisticSeriesResolver,
  PublishedFigureReconcileResolver,
  CoverageResolver,
  RoundCoverageResolver,
  ChangeResolver,
  NodeResolver,
  LocationIdResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/**
 * The executable schema, an Apollo Federation 2 subgraph that also serves plain clients
 * (built once per process: type-graphql metadata is global).
 */
export function buildHubSchema(): Promise<GraphQLSchema> {
  return (built ??= buildSchema({
    resolvers: [...resolvers],
    authChecker,
    validate: { forbidUnknownValues: false },
  }).then((schema) => {
    schema.getQueryType()!.description =
      'DTM Hub: DTM flow monitoring of Venezuelan refugees and migrants in Peru. Row-level fields need a partner key; ' +
      'rounds, survey points, official series, published figures and aggregates are public.';
    return recordOwnResolvers(toSubgraphSchema(schema));
  }));
}
