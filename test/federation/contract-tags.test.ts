import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildASTSchema, getNamedType, GraphQLInterfaceType, GraphQLObjectType, isInterfaceType, isObjectType, parse, printSchema, validateSchema, valueFromASTUntyped } from 'graphql';
import { projectRoot } from '../../src/common/project-root';
import { contractApiSchema } from '../../src/federation/public-contract';
import { buildHubSchema } from '../../src/schema/build-schema';
import { composeSubgraphs, DEFAULT_URLS } from '../../examples/federation/compose';

/**
 * Types whose every field is row-level, listed by hand: the three units and their pages. (`PageInfo`
 * is public since the public `changes` connection pages with it.)
 */
const ROW_LEVEL = ['Respondent', 'Household', 'Child', 'RespondentConnection', 'RespondentEdge', 'HouseholdConnection', 'HouseholdEdge', 'ChildConnection', 'ChildEdge'];

const sdl = readFileSync(path.join(projectRoot(), 'schema.graphql'), 'utf8');
const committed = buildASTSchema(parse(sdl), { assumeValidSDL: true });

/** The tags of every field of the committed SDL's object and interface types, by `Type.field`. */
function committedTags(): Map<string, string[]> {
  const tags = new Map<string, string[]>();
  for (const type of Object.values(committed.getTypeMap())) {
    if (!(isObjectType(type) || isInterfaceType(type)) || type.name.startsWith('_')) continue;
    for (const field of Object.values(type.getFields())) {
      const names = (field.astNode?.directives ?? [])
        .filter((d) => d.name.value === 'tag')
        .map((d) => valueFromASTUntyped(d.arguments!.find((a) => a.name.value === 'name')!.value) as string);
      tags.set(`${type.name}.${field.name}`, names);
    }
  }
  return tags;
}

/** Fields marked `@Authorized()` in the resolvers, as `Type.field`, from type-graphql's metadata. */
async function authorizedFields(): Promise<string[]> {
  await buildHubSchema();
  type Meta = { target: { name: string }; methodName: string; schemaName: string; getObjectType?: () => { name: string } };
  const storage = (globalThis as unknown as { TypeGraphQLMetadataStorage: Record<string, unknown> }).TypeGraphQLMetadataStorage as {
    authorizedFields: { target: { name: string }; fieldName: string }[];
    queries: Meta[];
    fieldResolvers: Meta[];
    resolverClasses: { target: { name: string }; getObjectType?: () => { name: string } }[];
  };
  return storage.authorizedFields.map((a) => {
    const query = storage.queries.find((q) => q.target.name === a.target.name && q.methodName === a.fieldName);
    if (query) return `Query.${query.schemaName}`;
    const resolver = storage.fieldResolvers.find((f) => f.target.name === a.target.name && f.methodName === a.fieldName)!;
    const objectType = storage.resolverClasses.find((r) => r.target.name === a.target.name)!.getObjectType!().name;
    return `${objectType}.${resolver.schemaName}`;
  });
}

describe('Federation: contract tags and the public contract', () => {
  it('tags every field of a row-level type and every field returning one `partner`, and every other field `public`', () => {
    const wrong: string[] = [];
    for (const [key, names] of committedTags()) {
      const [typeName, fieldName] = key.split('.');
      const type = committed.getType(typeName) as GraphQLObjectType | GraphQLInterfaceType;
      const returns = getNamedType(type.getFields()[fieldName].type).name;
      const expected = ROW_LEVEL.includes(typeName) || ROW_LEVEL.includes(returns) ? 'partner' : 'public';
      if (names.length !== 1 || names[0] !== expected) wrong.push(`${key}: ${names.join(',') || 'none'} (expected ${expected})`);
    }
    expect(wrong).toEqual([]);
  });

  it('tags `partner` exactly the fields of public types that need a partner key (`@Authorized`)', async () => {
    const partnerOnPublicTypes = [...committedTags()]
      .filter(([key, names]) => names[0] === 'partner' && !ROW_LEVEL.includes(key.split('.')[0]))
      .map(([key]) => key);
    expect(partnerOnPublicTypes.sort()).toEqual((await authorizedFields()).sort());
    expect(partnerOnPublicTypes).toContain('Round.respondents');
  });

  it('composes a public contract without a partner field or row-level type, and the contract is a valid schema', () => {
    const composed = composeSubgraphs(DEFAULT_URLS);
    if (composed.errors) throw new Error(composed.errors.map(String).join('; '));
    const contract = contractApiSchema(composed.supergraphSdl);
    expect(validateSchema(contract)).toEqual([]);

    const partnerFields = [...committedTags()].filter(([, names]) => names.includes('partner')).map(([key]) => key);
    const left = partnerFields.filter((key) => {
      const [typeName, fieldName] = key.split('.');
      const type = contract.getType(typeName);
      return type !== undefined && (isObjectType(type) || isInterfaceType(type)) && fieldName in type.getFields();
    });
    expect(left).toEqual([]);
    for (const type of ROW_LEVEL) expect(contract.getType(type)).toBeUndefined();
    // What stays public is still there: rounds, their survey points, the stats queries, `node`.
    const query = contract.getQueryType()!.getFields();
    expect(Object.keys(query)).toEqual(expect.arrayContaining(['rounds', 'round', 'respondentStats', 'node', 'publishedFigures']));
    expect(Object.keys((contract.getType('Round') as GraphQLObjectType).getFields())).toContain('surveyPoints');
    expect(printSchema(contract)).not.toMatch(/@tag|join__|link__/);
  });
});

describe('Federation: @contact', () => {
  it('names the hub and, in its description, where to report problems, in the committed SDL', () => {
    const extension = parse(sdl).definitions.flatMap((d) => (d.kind === 'SchemaExtension' ? (d.directives ?? []) : []));
    const contact = extension.find((d) => d.name.value === 'contact');
    const args = Object.fromEntries((contact?.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value)]));
    expect(args.name).toBe('DTM Hub');
    // No url: the project has no public tracker of its own to point to (src/federation/contact.ts).
    expect(args.url).toBeUndefined();
    expect(args.description).toMatch(/^GraphQL hub of IOM DTM flow-monitoring data.*Report a wrong figure, a refused query or a schema problem to the team that runs this hub/);
    expect(sdl).toMatch(/directive @contact\(/);
  });
});
