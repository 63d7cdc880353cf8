// An ES module required from CommonJS: Node loads it natively (engines: >= 22.15), in the tests too
// (they run in plain Node processes, jest-light-runner).
import { iso31662 } from 'iso-3166';

/** One ISO 3166-2 subdivision, as the `iso-3166` package lists it. */
export interface IsoSubdivision {
  /** `EC-P` */
  code: string;
  name: string;
  /** The ISO2 code of the country for a top-level subdivision, else the code of the subdivision above. */
  parent: string;
}

let byParent: Map<string, IsoSubdivision[]> | null = null;

/** The top-level subdivisions of a country (by ISO2 code): its admin-1 areas when no COD-AB table is loaded. */
export function isoAdmin1(iso2: string): IsoSubdivision[] {
  if (!byParent) {
    byParent = new Map();
    for (const s of iso31662) byParent.set(s.parent, [...(byParent.get(s.parent) ?? []), s]);
  }
  return byParent.get(iso2) ?? [];
}
