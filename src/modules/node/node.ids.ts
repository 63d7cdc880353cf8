import { badInput } from '../../common/errors';

/**
 * Global ids (Relay's convention that the type is part of the id): the type name, a colon and the
 * type's key, e.g. `Round:PER-4`, `SurveyPoint:PER-4:cebaf_tumbes`, `Location:PE24`,
 * `Respondent:PER-4:r4-00001`. Readable rather than base64: partners copy ids from CSV files and
 * docs into queries, and the key after the prefix is the one the bundle and the reports use.
 * The type is everything before the first colon; a key may hold colons of its own.
 */
export const NODE_TYPES = ['Round', 'SurveyPoint', 'Location', 'Respondent', 'Household', 'Child'] as const;

/** The object types that implement Node (their `@ObjectType` says `implements: Node`). */
export type NodeTypeName = (typeof NODE_TYPES)[number];

/** The types whose rows are data about people: a public caller is refused them by id. */
export const ROW_LEVEL_TYPES: readonly NodeTypeName[] = ['Respondent', 'Household', 'Child'];

/** The `id` a Node type gives for its key (a round's `PER-4`, a respondent's `PER-4:r4-00001`). */
export function globalId(type: NodeTypeName, key: string): string {
  return `${type}:${key}`;
}

/** An example of every form, for messages and argument descriptions. */
export const ID_EXAMPLE = 'Respondent:PER-4:r4-00001';

/** What the argument descriptions say about the ids of the previous release. */
export const UNTAGGED_IDS_NOTE =
  'Deprecated: ids without the type prefix, as the API gave them before (`PER-4`, `PER-4:r4-00001`), are still accepted in this release only.';

/**
 * The untagged ids of the previous release, by shape (accepted for one release):
 *
 * - Round: `PER-4` (ISO3, hyphen, number);
 * - Location: `PER` (ISO3) or `PE15` (OCHA p-code): letters and digits only;
 * - SurveyPoint, Respondent, Household, Child: `PER-4:<code>`, the round id and the code the
 *   bundle gave the row. These four share one shape, so the id alone does not say which it is.
 *
 * None of them starts with a type name and a colon: an untagged round id has a hyphen before its
 * first colon, the others have no colon at all.
 */
export type UntaggedShape = { kind: 'round' } | { kind: 'location' } | { kind: 'inRound' };

/** What an id argument names. */
export type ParsedId =
  | { kind: 'tagged'; type: NodeTypeName; key: string }
  | { kind: 'untagged'; shape: UntaggedShape }
  /** A word and a colon that name no type: a mistake the client is told about. */
  | { kind: 'unknownType'; prefix: string }
  /** Neither form: names nothing. */
  | { kind: 'none' };

const ROUND = /^[A-Z]{3}-[1-9]\d*$/;
const LOCATION = /^[A-Z]{2}[A-Z0-9]*$/;
const IN_ROUND = /^[A-Z]{3}-[1-9]\d*:./s;
const PREFIX = /^([A-Za-z][A-Za-z0-9_]*):/;
const TYPES: ReadonlySet<string> = new Set(NODE_TYPES);

export function parseId(id: string): ParsedId {
  const prefix = PREFIX.exec(id);
  if (prefix) {
    const type = prefix[1];
    return TYPES.has(type) ? { kind: 'tagged', type: type as NodeTypeName, key: id.slice(type.length + 1) } : { kind: 'unknownType', prefix: type };
  }
  if (ROUND.test(id)) return { kind: 'untagged', shape: { kind: 'round' } };
  if (LOCATION.test(id)) return { kind: 'untagged', shape: { kind: 'location' } };
  if (IN_ROUND.test(id)) return { kind: 'untagged', shape: { kind: 'inRound' } };
  return { kind: 'none' };
}

/** BAD_USER_INPUT for an id whose prefix is no type, naming the value and the types there are. */
export function unknownType(argument: string, id: string, prefix: string) {
  return badInput(
    argument,
    id,
    `"${prefix}" is not a type with ids: an id starts with its type and a colon, one of ${NODE_TYPES.join(', ')} (e.g. \`${ID_EXAMPLE}\`)`,
  );
}

/**
 * The key an argument that takes ids of one type (`respondent(id:)`) looks up: the key of a tagged
 * id of that type, an untagged id as it is (this release only). An id of another type, or of no
 * type, is a client mistake.
 */
export function keyOfId(argument: string, id: string, type: NodeTypeName): string {
  const parsed = parseId(id);
  if (parsed.kind === 'tagged') {
    if (parsed.type === type) return parsed.key;
    throw badInput(argument, id, `it is a ${parsed.type} id; this argument takes ${type} ids (\`${type}:...\`)`);
  }
  if (parsed.kind === 'unknownType') throw unknownType(argument, id, parsed.prefix);
  return id;
}

/**
 * The key of an entity reference's id from another subgraph, which may hold the ids of the
 * previous release: null for an id of another type or of none, so the reference resolves to null.
 */
export function referenceKey(id: string, type: NodeTypeName): string | null {
  const parsed = parseId(id);
  if (parsed.kind === 'tagged') return parsed.type === type ? parsed.key : null;
  return parsed.kind === 'unknownType' ? null : id;
}

/** Why the `legacyId` fields (the ids of the previous release) are deprecated. */
export const LEGACY_ID_DEPRECATION =
  'Use `id`, which is this value with the type name and a colon in front. Untagged ids are accepted by every id argument in this release only; this field goes with them.';
