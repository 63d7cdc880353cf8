import { DataKind } from '../round/round.enums';
import { STATS_LEVELS } from './coverage.levels';
import { CoverageLevel, CoveragePlace, RoundCoverage } from './coverage.types';

/** One survey point of one round, with its round and the names of its places (coverage.query.ts). */
export interface PointRow {
  roundId: string;
  operation: string;
  number: number;
  fieldworkStart: string;
  fieldworkEnd: string;
  dataKind: DataKind;
  code: string;
  pointName: string;
  admin1Pcode: string;
  admin1Name: string;
  country: string;
  countryName: string;
  sampleSize: number;
}

const LEVEL_ORDER = [CoverageLevel.COUNTRY, CoverageLevel.ADMIN1, CoverageLevel.SURVEY_POINT];

/**
 * The places the survey points make (each point's country, its admin-1 area, the point itself),
 * each with the rounds that have a point there and their sample sizes summed over those points.
 * An operation is the flow monitoring of one country (`Round.country`); its rounds return to the
 * same places, and the latest round of each operation in a place is flagged so that sums over
 * the flagged entries count each operation once. Rows come in round order (coverage.query.ts),
 * so a survey point's name is its latest round's.
 */
export function coveragePlaces(rows: readonly PointRow[]): CoveragePlace[] {
  const places = new Map<string, { place: CoveragePlace; rounds: Map<string, RoundCoverage> }>();
  const placeOf = (level: CoverageLevel, pcode: string, code: string | null, name: string, country: string) => {
    const key = `${level}|${pcode}|${code ?? ''}`;
    let entry = places.get(key);
    if (!entry) {
      const place = Object.assign(new CoveragePlace(), { level, pcode, surveyPointCode: code, name, country, operations: [], overlappingOperations: false, rounds: [] });
      places.set(key, (entry = { place, rounds: new Map() }));
    }
    entry.place.name = name;
    return entry;
  };
  for (const r of rows) {
    for (const entry of [
      placeOf(CoverageLevel.COUNTRY, r.country, null, r.countryName, r.country),
      placeOf(CoverageLevel.ADMIN1, r.admin1Pcode, null, r.admin1Name, r.country),
      placeOf(CoverageLevel.SURVEY_POINT, r.admin1Pcode, r.code, r.pointName, r.country),
    ]) {
      let round = entry.rounds.get(r.roundId);
      if (!round) {
        round = Object.assign(new RoundCoverage(), {
          roundId: r.roundId,
          operation: r.operation,
          number: r.number,
          fieldworkStart: r.fieldworkStart,
          fieldworkEnd: r.fieldworkEnd,
          dataKind: r.dataKind,
          sampleSize: 0,
          latestRoundPerOperation: false,
          overlapsWith: [],
          statsLevels: [...STATS_LEVELS],
        });
        entry.rounds.set(r.roundId, round);
      }
      round.sampleSize += r.sampleSize;
    }
  }
  for (const { place, rounds } of places.values()) {
    place.rounds = [...rounds.values()].sort((a, b) => (a.operation < b.operation ? -1 : a.operation > b.operation ? 1 : a.number - b.number));
    place.operations = [...new Set(place.rounds.map((r) => r.operation))];
    place.overlappingOperations = place.operations.length > 1;
    for (const round of place.rounds) {
      round.overlapsWith = place.operations.filter((o) => o !== round.operation);
      round.latestRoundPerOperation = !place.rounds.some((o) => o.operation === round.operation && o.number > round.number);
    }
  }
  const order = (p: CoveragePlace) => [p.country, LEVEL_ORDER.indexOf(p.level) === 0 ? '' : p.pcode, LEVEL_ORDER.indexOf(p.level), p.surveyPointCode ?? ''] as const;
  return [...places.values()]
    .map((e) => e.place)
    .sort((a, b) => {
      const x = order(a);
      const y = order(b);
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
      return 0;
    });
}
