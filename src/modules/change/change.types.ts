import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLDateTime } from 'graphql-scalars';
import { connectionType } from '../../common/connection';
import { describeEnum } from '../../common/enum';
import type { ChangeLogEntry } from './change.entity';

/** GraphQL names of the kinds the change log stores (`db/change-log.ts`); the values are the stored codes. */
export enum ChangeKind {
  ROUND_IMPORTED = 'ROUND_IMPORTED',
  ROUND_REPLACED = 'ROUND_REPLACED',
  ROUND_DELETED = 'ROUND_DELETED',
  REFERENCE_RELOADED = 'REFERENCE_RELOADED',
  GAZETTEER_LOADED = 'GAZETTEER_LOADED',
  CHANGE_LOG_STARTED = 'CHANGE_LOG_STARTED',
}
describeEnum(ChangeKind, 'ChangeKind', 'What kind of change of the data served a `Change` records.', {
  ROUND_IMPORTED: 'A round was imported for the first time (`dtm-hub import`, or the seed rounds of a new hub).',
  ROUND_REPLACED: 'A round was imported again: every row of it was replaced; drop what you cached of it.',
  ROUND_DELETED: 'A round was deleted (`dtm-hub delete`); drop what you cached of it.',
  REFERENCE_RELOADED:
    'A reference dataset the hub ships was reloaded (`dataset`: `countries`, `gazetteers/PE.csv`, `iso-3166-2`, or `published-figures`, which replaces every published figure and official series figure).',
  GAZETTEER_LOADED: 'A data manager loaded a COD-AB table of a country (`dtm-hub locations import`): its areas changed.',
  CHANGE_LOG_STARTED: 'The hub started logging changes (an upgrade of a database that already held rounds): what it held changed at the latest then.',
});

@ObjectType({ description: 'One change of the data served, as the change log recorded it inside the change\'s own transaction.' })
export class Change {
  @Field(() => ID, { description: 'Position in the change log: later changes have larger ids.' })
  id: string;

  @Field(() => ChangeKind, { description: 'What happened.' })
  kind: ChangeKind;

  @Field(() => String, { nullable: true, description: 'Id of the round imported, replaced or deleted, e.g. `PER-4`; null for other changes.' })
  roundId: string | null;

  @Field(() => String, { nullable: true, description: 'ISO3 code of the country of the round or of the gazetteer; null for datasets of every country.' })
  country: string | null;

  @Field(() => String, { nullable: true, description: 'The reference dataset or gazetteer file reloaded; null for round changes.' })
  dataset: string | null;

  @Field(() => Int, { description: 'The data version the change made (the counter cached answers key on).' })
  dataVersion: number;

  @Field(() => GraphQLDateTime, { description: 'When the change was made (UTC).' })
  changedAt: string;
}

export const ChangeConnection = connectionType(Change, 'change');

export function toChange(e: ChangeLogEntry): Change {
  return Object.assign(new Change(), {
    id: String(e.id),
    kind: e.kind as ChangeKind,
    roundId: e.roundId,
    country: e.country,
    dataset: e.dataset,
    dataVersion: Number(e.dataVersion),
    changedAt: e.changedAt,
  });
}
