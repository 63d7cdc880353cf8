import { ConstDirectiveNode, DocumentNode, GraphQLSchema, Kind, parse, visit } from 'graphql';
import type { FieldDefinitionNode, ObjectTypeDefinitionNode, InterfaceTypeDefinitionNode } from 'graphql';
import { HUB_CONTACT } from './contact';
import { fieldTags } from './contract-tags';
import { FieldDemand, schemaDemands } from './demand-control';

/** Federation 2.9 is the first with `@cost` and `@listSize`. */
export const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@tag", "@cost", "@listSize"])';

/** `@contact` is not a federation directive: declared here, as Apollo's docs give it, and applied to the schema. */
const CONTACT_SDL = `
directive @contact(
  "The name of the contact point"
  name: String!
  "Where to reach the contact point"
  url: String
  "Other relevant notes, in Markdown"
  description: String
) on SCHEMA

extend schema @contact(name: ${JSON.stringify(HUB_CONTACT.name)}, description: ${JSON.stringify(HUB_CONTACT.description)})
`;

const list = (values: readonly string[]) => `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;

function demandText(d: FieldDemand): string {
  const parts: string[] = [];
  if (d.weight !== undefined) parts.push(`@cost(weight: ${d.weight})`);
  if (d.listSize) {
    const s = d.listSize;
    const args = [
      s.assumedSize !== undefined ? `assumedSize: ${s.assumedSize}` : '',
      s.slicingArguments ? `slicingArguments: ${list(s.slicingArguments)}` : '',
      s.sizedFields ? `sizedFields: ${list(s.sizedFields)}` : '',
      s.requireOneSlicingArgument !== undefined ? `requireOneSlicingArgument: ${s.requireOneSlicingArgument}` : '',
    ].filter(Boolean);
    parts.push(`@listSize(${args.join(', ')})`);
  }
  return parts.join(' ');
}

/** Directive nodes from their SDL text (`@tag(name: "public") @cost(weight: 1)`). */
function directives(text: string): readonly ConstDirectiveNode[] {
  const doc = parse(`type T { f: Int ${text} }`, { noLocation: true });
  return (doc.definitions[0] as ObjectTypeDefinitionNode).fields![0].directives ?? [];
}

/**
 * The subgraph's type definitions with what a router and a platform read besides the types: on
 * every field its contract tag (contract-tags.ts) and, where it differs from a router's default,
 * its demand (demand-control.ts), both derived from `schema` (the hub's schema before
 * federation); and the hub's `@contact`.
 */
export function withSubgraphDirectives(typeDefs: DocumentNode, schema: GraphQLSchema): DocumentNode {
  const tags = fieldTags(schema);
  const demands = schemaDemands(schema);
  let parent = '';
  const enter = (node: ObjectTypeDefinitionNode | InterfaceTypeDefinitionNode) => {
    parent = node.name.value;
  };
  const annotated = visit(typeDefs, {
    ObjectTypeDefinition: { enter },
    InterfaceTypeDefinition: { enter },
    FieldDefinition(node: FieldDefinitionNode) {
      const key = `${parent}.${node.name.value}`;
      const tag = tags.get(key);
      const demand = demands.get(key);
      const text = [tag ? `@tag(name: ${JSON.stringify(tag)})` : '', demand ? demandText(demand) : ''].join(' ').trim();
      const weights = demand?.argumentWeights ?? {};
      const args = node.arguments?.map((arg) =>
        arg.name.value in weights ? { ...arg, directives: [...(arg.directives ?? []), ...directives(`@cost(weight: ${weights[arg.name.value]})`)] } : arg,
      );
      return text ? { ...node, arguments: args, directives: [...(node.directives ?? []), ...directives(text)] } : undefined;
    },
  });
  return { kind: Kind.DOCUMENT, definitions: [...annotated.definitions, ...parse(CONTACT_SDL).definitions] };
}
