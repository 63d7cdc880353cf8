import { OPEN_DIMENSION_CODES } from '../security/stats-cost';
import { UNREAD_LIST_ROWS, type ListSizes } from '../security/list-sizes';

/**
 * Documented estimates of the lists the reference data fills (official figures, published
 * figures), with room over what the hub ships today: 28 official figures, at most 21 of one place
 * and 5 of one series; 123 published figures.
 */
const OFFICIAL_FIGURES = 100;
const OFFICIAL_FIGURES_PER_PLACE = 50;
/** A series is one indicator of one place: monthly figures over two years at most. */
const OFFICIAL_FIGURES_PER_SERIES = 24;
const PUBLISHED_FIGURES = 200;
/** Children listed for one household: the survey's households are families travelling together. */
const CHILDREN_PER_HOUSEHOLD = 10;

/**
 * The list lengths a router assumes (`@listSize(assumedSize:)`): the SDL is static, while the hub
 * prices lists by the rows its database holds, so the router is given bounds instead. Rounds and
 * survey points take the counts the stats cost already assumes for their dimensions; places count
 * as one full page, the hub's own assumption before it has read its database (`UNREAD_SIZES`):
 * the gazetteer's admin-1 areas (about 4,000) are more, so a router underestimates an unfiltered
 * `locations(level: ADMIN1)`, which the hub still refuses. While the data stays within these
 * bounds a router's estimate is at least the hub's (test/federation/demand-control.test.ts).
 */
export const ROUTER_LIST_SIZES: ListSizes = {
  locations: [{ keys: [null, null, null], n: UNREAD_LIST_ROWS }],
  rounds: [{ keys: [null], n: OPEN_DIMENSION_CODES.ROUND }],
  publishedFigures: [{ keys: [null, null, null, null], n: PUBLISHED_FIGURES }],
  flowStatistics: [{ keys: [null, null, null, null], n: OFFICIAL_FIGURES }],
  surveyPointsPerRound: OPEN_DIMENSION_CODES.SURVEY_POINT,
  surveyPoints: OPEN_DIMENSION_CODES.SURVEY_POINT,
  roundsPerCountry: OPEN_DIMENSION_CODES.ROUND,
  flowStatisticsPerPlace: OFFICIAL_FIGURES_PER_PLACE,
  flowStatisticsPerSeries: OFFICIAL_FIGURES_PER_SERIES,
  childrenPerHousehold: CHILDREN_PER_HOUSEHOLD,
  // Each country operation's country, and an admin-1 area for each survey point and the point.
  coveragePlaces: [{ keys: [null], n: OPEN_DIMENSION_CODES.COUNTRY + 2 * OPEN_DIMENSION_CODES.SURVEY_POINT }],
};
