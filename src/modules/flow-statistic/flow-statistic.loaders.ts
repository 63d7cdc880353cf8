import DataLoader from 'dataloader';
import { In, IsNull } from 'typeorm';
import type { Reads } from '../../db/read-session';
import { FlowStatistic } from './flow-statistic.entity';

/** The order of the `flowStatistics` list query: by end of reference period, indicator, id. */
const ORDER = { referencePeriodEnd: 'ASC', indicator: 'ASC', id: 'ASC' } as const;

function groupInKeyOrder(keys: readonly string[], rows: FlowStatistic[], keyOf: (s: FlowStatistic) => string | null): FlowStatistic[][] {
  const byKey = new Map<string, FlowStatistic[]>(keys.map((k) => [k, []]));
  for (const row of rows) byKey.get(keyOf(row) ?? '')?.push(row);
  return keys.map((k) => byKey.get(k)!);
}

export function createFlowStatisticLoaders(db: Reads) {
  return {
    /**
     * National figures of a country (ISO3): those without admin-1 area and border point, as
     * `flowStatisticSeries` defines them, so a country's list does not mix in its areas' figures.
     */
    nationalFlowStatisticsByCountry: new DataLoader<string, FlowStatistic[]>(async (keys) => {
      const rows = await db.run((m) =>
        m.getRepository(FlowStatistic).find({ where: { country: In([...keys]), admin1Pcode: IsNull(), borderPoint: IsNull() }, order: ORDER }),
      );
      return groupInKeyOrder(keys, rows, (s) => s.country);
    }),
    /** Figures of an admin-1 area (p-code), border-point figures of that area included. */
    flowStatisticsByAdmin1: new DataLoader<string, FlowStatistic[]>(async (keys) => {
      const rows = await db.run((m) => m.getRepository(FlowStatistic).find({ where: { admin1Pcode: In([...keys]) }, order: ORDER }));
      return groupInKeyOrder(keys, rows, (s) => s.admin1Pcode);
    }),
  };
}
