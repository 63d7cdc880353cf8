import { DataSource } from 'typeorm';
import { recordChange } from '../db/change-log';
import { beginLockedWrite, LockWait } from './import-lock';
import { engineOf } from './writer';

/** The round asked for is not in the database; the message names it and the rounds there are. */
export class UnknownRoundError extends Error {
  constructor(readonly roundId: string, existing: number[]) {
    super(`round ${roundId} does not exist; ${existing.length ? `the rounds of ${roundId.split('-')[0]} are ${existing.join(', ')}` : `no round of ${roundId.split('-')[0]} is loaded`}`);
    this.name = 'UnknownRoundError';
  }
}

/**
 * `dtm-hub delete`: removes a round and every row of it (they cascade from the round) in one
 * transaction under the import lock, recording the deletion in the change log, so that partners
 * who cached the round learn to drop it. An unknown round changes nothing.
 */
export async function deleteRound(ds: DataSource, country: string, number: number, wait: LockWait): Promise<string> {
  const engine = engineOf(ds);
  const p = (i: number) => (engine === 'postgres' ? `$${i}` : '?');
  const iso3 = country.toUpperCase();
  const id = `${iso3}-${number}`;
  const qr = ds.createQueryRunner();
  await qr.connect();
  const write = await beginLockedWrite(qr, engine, wait);
  try {
    const found = (await qr.query(`SELECT 1 AS one FROM "round" WHERE "id" = ${p(1)}`, [id])) as unknown[];
    if (found.length === 0) {
      const rows = (await qr.query(`SELECT "number" FROM "round" WHERE "country" = ${p(1)} ORDER BY "number"`, [iso3])) as { number: number }[];
      throw new UnknownRoundError(id, rows.map((r) => Number(r.number)));
    }
    await qr.query(`DELETE FROM "round" WHERE "id" = ${p(1)}`, [id]);
    await recordChange(qr, { kind: 'ROUND_DELETED', roundId: id, country: iso3 });
    await write.commit();
    return id;
  } catch (e) {
    await write.rollback();
    throw e;
  } finally {
    await write.unlock();
    await qr.release();
  }
}
