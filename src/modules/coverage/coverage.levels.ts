import { CoverageLevel, StatsLevel } from './coverage.types';

/**
 * The stats dimension that groups a round's answers at each level. Every round has them all:
 * each survey point has a code and an admin-1 area, and the round a country. The modules do not
 * import the aggregation layer, so these are names; test/api/coverage.test.ts holds them to the
 * dimension registry.
 */
export const STATS_LEVELS: readonly StatsLevel[] = [
  { level: CoverageLevel.COUNTRY, dimension: 'COUNTRY' },
  { level: CoverageLevel.ADMIN1, dimension: 'SURVEY_POINT_REGION' },
  { level: CoverageLevel.SURVEY_POINT, dimension: 'SURVEY_POINT' },
];
