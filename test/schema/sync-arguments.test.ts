import 'reflect-metadata';
import { Min } from 'class-validator';
import { execute, GraphQLSchema, parse } from 'graphql';
import { Arg, buildSchema, Field, InputType, Int, Query, registerEnumType, Resolver } from 'type-graphql';

/**
 * patches/type-graphql+2.0.0-rc.4.patch: an argument with nothing to validate (an enum, a scalar,
 * null) reaches the resolver without a promise, so a field with such arguments resolves
 * synchronously, while input objects are still validated by class-validator. Unpatched,
 * type-graphql awaits every argument and the first two cases below return a promise.
 */
enum Colour {
  RED = 'RED',
  BLUE = 'BLUE',
}
registerEnumType(Colour, { name: 'Colour' });

@InputType()
class Range {
  @Field(() => Int)
  @Min(0)
  from!: number;
}

@Resolver()
class ArgumentsResolver {
  @Query(() => String)
  pick(@Arg('colour', () => Colour, { nullable: true }) colour?: Colour | null): string {
    return colour ?? 'none';
  }

  @Query(() => Int)
  start(@Arg('range', () => Range) range: Range): number {
    return range.from;
  }
}

describe('type-graphql arguments (patched): validated only when there is something to validate', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    // type-graphql's metadata is one per process, and the test files of a worker share it: the hub's
    // @Authorized fields may be there, which buildSchema refuses to see without an auth checker.
    schema = await buildSchema({ resolvers: [ArgumentsResolver], validate: { forbidUnknownValues: false }, authChecker: () => true });
  });

  it('answers a field with an enum argument synchronously', () => {
    const result = execute({ schema, document: parse('{ pick(colour: BLUE) }') });
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual({ data: { pick: 'BLUE' } });
  });

  it('answers a field with the enum argument left out synchronously', () => {
    const result = execute({ schema, document: parse('{ pick }') });
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual({ data: { pick: 'none' } });
  });

  it('still validates an input object, and refuses a value its constraint forbids', async () => {
    await expect(Promise.resolve(execute({ schema, document: parse('{ start(range: { from: 3 }) }') }))).resolves.toEqual({ data: { start: 3 } });
    const refused = await execute({ schema, document: parse('{ start(range: { from: -1 }) }') });
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0].message).toBe('Argument Validation Error');
    expect(JSON.stringify(refused.errors?.[0].extensions)).toContain('from must not be less than 0');
  });
});
