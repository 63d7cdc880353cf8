import { Field, ID, InterfaceType } from 'type-graphql';
import { ID_EXAMPLE, type NodeTypeName } from './node.ids';

/** The type of each object `node`/`nodes` answered with, set when it was looked up. */
const typeOfNode = new WeakMap<object, NodeTypeName>();

/** Marks an object found by id as being of a Node type, so the abstract `Node` can be resolved. */
export function asNode<T extends object>(value: T | null, type: NodeTypeName): T | null {
  if (value) typeOfNode.set(value, type);
  return value;
}

/**
 * Relay's Global Object Identification: an object with an id that is unique across every type,
 * which `node(id:)` fetches again. Only `node`/`nodes` answer the abstract type, and they mark what
 * they return, so resolving the type never depends on how a loader built the object.
 */
@InterfaceType('Node', {
  description:
    'An object with an id unique across the whole API (Relay Global Object Identification): `node(id:)` fetches it again, ' +
    'and clients may use the id alone as a cache key.',
  resolveType: (value: object) => typeOfNode.get(value),
})
export abstract class Node {
  @Field(() => ID, { description: `Identifier, unique across every type that implements Node: the type name, a colon and the key, e.g. \`${ID_EXAMPLE}\`.` })
  id: string;
}
