import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GraphQLNamedType, isEnumType, isInputObjectType, isObjectType } from 'graphql';
import { buildHubSchema } from '../../src/schema/build-schema';
import { printHubSchema } from '../../src/schema/print-schema';

describe('Schema: the committed SDL and its documentation', () => {
  it('matches the schema the code builds (run npm run schema:emit after API changes)', async () => {
    const committed = readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');
    expect(committed).toBe(printHubSchema(await buildHubSchema()));
  });

  it('describes every type, field, argument and enum value of the hub', async () => {
    const schema = await buildHubSchema();
    const missing: string[] = [];
    // Built-in scalars, introspection and the Federation spec's own types (_Any, link__Import, ...) are not ours.
    const own = (t: GraphQLNamedType) =>
      !t.name.startsWith('_') && !t.name.includes('__') && !['String', 'Int', 'Float', 'Boolean', 'ID', 'LocalDate'].includes(t.name);
    for (const type of Object.values(schema.getTypeMap()).filter(own)) {
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields()).filter((f) => !f.name.startsWith('_'))) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const v of type.getValues()) if (!v.description) missing.push(`${type.name}.${v.name}`);
    }
    expect(missing).toEqual([]);
  });
});
