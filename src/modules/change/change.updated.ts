import DataLoader from 'dataloader';
import { FIGURES_DATASET } from '../../db/change-log';
import type { Reads } from '../../db/read-session';
import { WhereBuilder } from '../../common/where-builder';

/**
 * When things last changed, read from the change log (one home for the fact: no table carries an
 * updated-at of its own). A round changed when it was last imported or replaced; the published
 * figures and the official series together, when the reference step last reloaded them (each
 * reload replaces all of them). What changed before the log started (a database upgraded with
 * rounds in it) changed at the latest when it started (`CHANGE_LOG_STARTED`).
 */
const LOG_STARTED = "(SELECT MIN(cs.changed_at) FROM change_log cs WHERE cs.kind = 'CHANGE_LOG_STARTED')";

/** SQL of the time a round (its id column given) last changed; null if the log never saw it. */
export const roundUpdatedSql = (roundIdColumn: string) =>
  `COALESCE((SELECT MAX(cr.changed_at) FROM change_log cr WHERE cr.round_id = ${roundIdColumn} AND cr.kind IN ('ROUND_IMPORTED', 'ROUND_REPLACED')), ${LOG_STARTED})`;

/** SQL of the time the published figures and official series were last reloaded. */
const figuresUpdatedSql = (where: WhereBuilder) =>
  `COALESCE((SELECT MAX(cf.changed_at) FROM change_log cf WHERE cf.dataset = ${where.bind(FIGURES_DATASET)}), ${LOG_STARTED})`;

/** ISO text of a `DateTime` argument, as the change log stores times. */
const isoOf = (since: Date) => since.toISOString();

/** Keeps the rounds (their id column given) last imported or replaced at or after `since`. */
export function roundsUpdatedSince(where: WhereBuilder, since: Date | null | undefined, idColumn: string): WhereBuilder {
  return since ? where.add(`${roundUpdatedSql(idColumn)} >= ${where.bind(isoOf(since))}`) : where;
}

/** What `updatedSince` of `publishedFigures` and `flowStatistics` says. */
export const FIGURES_UPDATED_SINCE =
  'Only when the figures were reloaded at or after this time (RFC 3339): a reload replaces every one of them, so the answer is all or none.';

/** Keeps every figure when the figures were reloaded at or after `since`, none otherwise. */
export function figuresUpdatedSince(where: WhereBuilder, since: Date | null | undefined): WhereBuilder {
  return since ? where.add(`${figuresUpdatedSql(where)} >= ${where.bind(isoOf(since))}`) : where;
}

/** When each round (by id) was last imported or replaced: one statement per batch. */
export function createChangeLoaders(db: Reads) {
  return {
    roundUpdatedById: new DataLoader<string, string | null>(async (ids) => {
      const where = new WhereBuilder();
      const list = ids.map((id) => where.bind(id)).join(', ');
      const rows = await db.run((m) =>
        m
          .createQueryBuilder()
          .select('ro.id', 'id')
          .addSelect(roundUpdatedSql('ro.id'), 'updated')
          .from('round', 'ro')
          .where(`ro.id IN (${list})`)
          .setParameters(where.params)
          .getRawMany<{ id: string; updated: string | null }>(),
      );
      const byId = new Map(rows.map((r) => [r.id, r.updated]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
