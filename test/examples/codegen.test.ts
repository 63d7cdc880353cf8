import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildASTSchema, isScalarType, isSpecifiedScalarType, parse } from 'graphql';
import { scalars } from '../../codegen';

describe('Examples: GraphQL Code Generator configuration', () => {
  it('maps every custom scalar of schema.graphql to a TypeScript type, so none comes out as unknown', () => {
    const sdl = readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');
    const schema = buildASTSchema(parse(sdl), { assumeValidSDL: true });
    const custom = Object.values(schema.getTypeMap())
      .filter((t) => isScalarType(t) && !isSpecifiedScalarType(t) && !t.name.startsWith('_'))
      .map((t) => t.name)
      .sort();
    expect(custom.length).toBeGreaterThan(0);
    expect(Object.keys(scalars).sort()).toEqual(custom);
  });
});
