import type { DataSource } from 'typeorm';
import { quietQuery } from '../db/quiet-query';

/** Rows of one table counted by a few columns: the counts the cost model sums for a list's filter. */
export type GroupCounts = readonly { keys: readonly (string | number | null)[]; n: number }[];

/**
 * How many rows each list of the API can return, read from the database: the cost model prices a
 * list by these (docs/limits.md). Counted by the columns a list's arguments filter on, so that
 * `locations(level: ADMIN1, country: "PER")` is priced by Peru's 25 areas and not the gazetteer's
 * 4,279 rows. Read when the hub starts and again after each change of the data version, never
 * per request.
 */
export interface ListSizes {
  /** Locations by country ISO3, level and source (`locations`). */
  locations: GroupCounts;
  /** Rounds by country (`rounds`). */
  rounds: GroupCounts;
  /** Published figures by country, round, indicator and confidence (`publishedFigures`). */
  publishedFigures: GroupCounts;
  /** Official figures by indicator, country, publisher and admin-1 area (`flowStatistics`). */
  flowStatistics: GroupCounts;
  /** Most survey points of one round (`Round.surveyPoints`). */
  surveyPointsPerRound: number;
  /** Survey points of every round (`Location.surveyPoints`: a country's points are at most all of them). */
  surveyPoints: number;
  /** Most rounds of one country (`Location.rounds`: an area's rounds are rounds of its country). */
  roundsPerCountry: number;
  /** Most official figures of one place, national or admin-1 (`Location.flowStatistics`). */
  flowStatisticsPerPlace: number;
  /** Most official figures of one series (indicator, country, area): its points, sources, exclusions. */
  flowStatisticsPerSeries: number;
  /** Most children listed for one household (`Household.children`). */
  childrenPerHousehold: number;
  /** Places of `coverage` by country: the country, its admin-1 areas with survey points, and the points (code per area). */
  coveragePlaces: GroupCounts;
}

/**
 * What the cost model assumes before the sizes are read (a measurement outside a running hub): a
 * list counts as one page of a connection, the largest page the API serves.
 */
export const UNREAD_LIST_ROWS = 500;

export const UNREAD_SIZES: ListSizes = {
  locations: [{ keys: [null, null, null], n: UNREAD_LIST_ROWS }],
  rounds: [{ keys: [null], n: UNREAD_LIST_ROWS }],
  publishedFigures: [{ keys: [null, null, null, null], n: UNREAD_LIST_ROWS }],
  flowStatistics: [{ keys: [null, null, null, null], n: UNREAD_LIST_ROWS }],
  surveyPointsPerRound: UNREAD_LIST_ROWS,
  surveyPoints: UNREAD_LIST_ROWS,
  roundsPerCountry: UNREAD_LIST_ROWS,
  flowStatisticsPerPlace: UNREAD_LIST_ROWS,
  flowStatisticsPerSeries: UNREAD_LIST_ROWS,
  childrenPerHousehold: UNREAD_LIST_ROWS,
  coveragePlaces: [{ keys: [null], n: UNREAD_LIST_ROWS }],
};

/**
 * Rows of `groups` whose keys match `wanted` where it gives a value (`undefined` or `null`: any);
 * a key stored as null (an unknown group of UNREAD_SIZES) matches every value. Strings compare
 * case-insensitively, as the resolvers upper-case codes.
 */
export function countWhere(groups: GroupCounts, wanted: readonly unknown[]): number {
  let n = 0;
  for (const g of groups) {
    let match = true;
    for (let i = 0; i < wanted.length && match; i++) {
      const want = wanted[i];
      const have = g.keys[i];
      if (want === undefined || want === null || have === null) continue;
      match = typeof want === 'string' ? String(have).toUpperCase() === want.toUpperCase() : have === want;
    }
    if (match) n += g.n;
  }
  return n;
}

/** The largest sum of `groups` over the rows that share the keys at `by`. */
function maxBy(groups: GroupCounts, by: readonly number[]): number {
  const sums = new Map<string, number>();
  for (const g of groups) {
    const key = JSON.stringify(by.map((i) => g.keys[i]));
    sums.set(key, (sums.get(key) ?? 0) + g.n);
  }
  return Math.max(0, ...sums.values());
}

type Row = Record<string, unknown>;

const groups = (rows: Row[], columns: readonly string[], numeric: readonly string[] = []): GroupCounts =>
  rows.map((r) => ({ keys: columns.map((c) => (r[c] === null ? null : numeric.includes(c) ? Number(r[c]) : String(r[c]))), n: Number(r.n) }));

const most = (rows: Row[]) => Number(rows[0]?.n ?? 0);

/**
 * Reads the list sizes: nine grouped counts over the reference tables (a few thousand rows) and
 * the survey-point and child tables, through their indexes.
 */
export async function readListSizes(ds: DataSource): Promise<ListSizes> {
  const [locations, rounds, publishedFigures, flowStatistics, perRound, points, children, places] = await Promise.all([
    quietQuery(ds, 'SELECT country_iso3, level, source, COUNT(*) AS n FROM location GROUP BY country_iso3, level, source'),
    quietQuery(ds, 'SELECT country, COUNT(*) AS n FROM round GROUP BY country'),
    quietQuery(ds, 'SELECT country, round, indicator, confidence, COUNT(*) AS n FROM published_figure GROUP BY country, round, indicator, confidence'),
    quietQuery(ds, 'SELECT indicator, country, publisher, admin1_pcode, COUNT(*) AS n FROM flow_statistic GROUP BY indicator, country, publisher, admin1_pcode'),
    quietQuery(ds, 'SELECT COUNT(*) AS n FROM survey_point GROUP BY round_id ORDER BY n DESC LIMIT 1'),
    quietQuery(ds, 'SELECT COUNT(*) AS n FROM survey_point'),
    quietQuery(ds, 'SELECT COUNT(*) AS n FROM child GROUP BY household_id ORDER BY n DESC LIMIT 1'),
    // A place is counted as coverage.query.ts places it: a point's country is its area's.
    quietQuery(
      ds,
      "SELECT COALESCE(la.country_iso3, ro.country) AS country, 1 + COUNT(DISTINCT sp.admin1_pcode) + COUNT(DISTINCT sp.admin1_pcode || ':' || sp.code) AS n " +
        'FROM survey_point sp JOIN round ro ON ro.id = sp.round_id LEFT JOIN location la ON la.pcode = sp.admin1_pcode GROUP BY COALESCE(la.country_iso3, ro.country)',
    ),
  ]);
  const flows = groups(flowStatistics, ['indicator', 'country', 'publisher', 'admin1_pcode']);
  const roundGroups = groups(rounds, ['country']);
  return {
    locations: groups(locations, ['country_iso3', 'level', 'source']),
    rounds: roundGroups,
    publishedFigures: groups(publishedFigures, ['country', 'round', 'indicator', 'confidence'], ['round']),
    flowStatistics: flows,
    surveyPointsPerRound: most(perRound),
    surveyPoints: most(points),
    roundsPerCountry: maxBy(roundGroups, [0]),
    flowStatisticsPerPlace: maxBy(flows, [1, 3]),
    flowStatisticsPerSeries: maxBy(flows, [0, 1, 3]),
    childrenPerHousehold: most(children),
    coveragePlaces: groups(places, ['country']),
  };
}

/**
 * The list sizes of the data version being served: read once when the hub starts, then again when
 * a request finds that the data version changed (an import, a reference reload); requests in
 * between share the same object. A failed refresh keeps the sizes read before.
 */
export class ListSizeWatch {
  private pending: Promise<ListSizes> | null = null;

  private constructor(
    private readonly ds: DataSource,
    private readonly versions: { current(): Promise<number> },
    private sizes: ListSizes,
    private version: number,
  ) {}

  /**
   * Reads the sizes now. When the database does not answer, the hub still starts: lists count as
   * UNREAD_LIST_ROWS rows each (a full page, as before lists were counted) until a request
   * reads them.
   */
  static async open(ds: DataSource, versions: { current(): Promise<number> }): Promise<ListSizeWatch> {
    try {
      const version = await versions.current();
      return new ListSizeWatch(ds, versions, await readListSizes(ds), version);
    } catch {
      return new ListSizeWatch(ds, versions, UNREAD_SIZES, Number.NaN);
    }
  }

  async current(): Promise<ListSizes> {
    const version = await this.versions.current();
    if (version === this.version) return this.sizes;
    this.pending ??= readListSizes(this.ds)
      .then((sizes) => {
        this.sizes = sizes;
        this.version = version;
        return sizes;
      })
      .catch(() => this.sizes)
      .finally(() => {
        this.pending = null;
      });
    return this.pending;
  }
}
