import DataLoader from 'dataloader';
import { EntityTarget, In, ObjectLiteral } from 'typeorm';
import type { Reads } from '../db/read-session';

/** Loads single rows by a unique column: one `WHERE column IN (...)`, results in key order, null when missing. */
export function oneBy<T extends ObjectLiteral>(db: Reads, entity: EntityTarget<T>, column: keyof T & string) {
  return new DataLoader<string, T | null>(async (keys) => {
    const rows = await db.run((m) => m.getRepository(entity).findBy({ [column]: In([...keys]) } as never));
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
      m.getRepository(entity).find({
        where: { [column]: In([...keys]) } as never,
        order: { [orderBy]: 'ASC' } as never,
      }),
    );
    const byKey = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) byKey.get(String(row[column]))?.push(row);
    return keys.map((k) => byKey.get(k)!);
  });
}
