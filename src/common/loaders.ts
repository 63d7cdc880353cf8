import DataLoader from 'dataloader';
import { EntityTarget, ObjectLiteral } from 'typeorm';
import type { Reads } from '../db/read-session';
import { selectEntities } from './entity-rows';

/** Loads single rows by a unique column: one `WHERE column IN (...)`, results in key order, null when missing. */
export function oneBy<T extends ObjectLiteral>(db: Reads, entity: EntityTarget<T>, column: keyof T & string) {
  return new DataLoader<string, T | null>(async (keys) => {
    const rows = await db.run((m) =>
      selectEntities(m, entity, 't', `oneBy|${column}`, (qb) => qb.where(`t.${column} IN (:...keys)`), { keys }),
    );
    const byKey = new Map(rows.map((row) => [String(row[column]), row]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/** Loads has-many rows by a foreign key: one `WHERE column IN (...)`, `[]` for keys with no rows. */
export function manyBy<T extends ObjectLiteral>(
  db: Reads,
  entity: EntityTarget<T>,
  column: keyof T & string,
  orderBy: keyof T & string,
) {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await db.run((m) =>
      selectEntities(m, entity, 't', `manyBy|${column}|${orderBy}`, (qb) => qb.where(`t.${column} IN (:...keys)`).orderBy(`t.${orderBy}`, 'ASC'), {
        keys,
      }),
    );
    const byKey = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) byKey.get(String(row[column]))?.push(row);
    return keys.map((k) => byKey.get(k)!);
  });
}
