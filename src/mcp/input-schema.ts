import {
  ArgumentNode,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  ObjectFieldNode,
  OperationDefinitionNode,
  print,
  typeFromAST,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { z } from 'zod';

/** GraphQL's Int is a signed 32-bit integer. */
const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** Input objects nest this deep at most (HouseholdFilter → RespondentFilter is 2). */
const MAX_NESTING = 4;

/**
 * The zod schema of a GraphQL input type, as a tool's argument: the same names, enum codes,
 * nesting and descriptions, so that what a model sends is what GraphQL accepts. Nullable types
 * are optional; GraphQL still checks every value (the zod schema only describes it early).
 */
export function zodOf(type: GraphQLInputType, depth = 0): z.ZodTypeAny {
  if (isNonNullType(type)) return required(type.ofType, depth);
  return required(type, depth).optional();
}

function required(type: GraphQLInputType, depth: number): z.ZodTypeAny {
  if (isNonNullType(type)) return required(type.ofType, depth);
  if (isListType(type)) return z.array(zodOf(type.ofType, depth));
  if (isEnumType(type)) {
    const names = type.getValues().filter((v) => !v.deprecationReason).map((v) => v.name);
    return described(z.enum(names as [string, ...string[]]), type.description);
  }
  if (isInputObjectType(type)) {
    if (depth >= MAX_NESTING) return z.record(z.unknown());
    const shape = Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => !f.deprecationReason)
        .map((f) => [f.name, described(zodOf(f.type, depth + 1), f.description)]),
    );
    return described(z.object(shape).strict(), type.description);
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return z.number().int().min(INT_MIN).max(INT_MAX);
      case 'Float':
        return z.number();
      case 'Boolean':
        return z.boolean();
      case 'String':
      case 'ID':
        return z.string();
      default:
        // Custom scalars (LocalDate, ...) travel as text; their description says the format.
        return described(z.string(), type.description);
    }
  }
  return z.unknown();
}

const described = <T extends z.ZodTypeAny>(schema: T, description: string | null | undefined): T =>
  description ? schema.describe(description) : schema;

/**
 * What each variable of an operation feeds: the description of the argument or input field it is
 * passed to, so a tool argument tells a model what it means (`$round` → "Round number").
 */
function variableDescriptions(schema: GraphQLSchema, operation: OperationDefinitionNode): Map<string, string> {
  const found = new Map<string, string>();
  const typeInfo = new TypeInfo(schema);
  const note = (value: ArgumentNode['value'], description: string | null | undefined) => {
    if (value.kind === Kind.VARIABLE && description && !found.has(value.name.value)) found.set(value.name.value, description);
  };
  visit(
    operation,
    visitWithTypeInfo(typeInfo, {
      Argument(node: ArgumentNode) {
        note(node.value, typeInfo.getArgument()?.description);
      },
      ObjectField(node: ObjectFieldNode) {
        const parent = typeInfo.getParentInputType();
        note(node.value, isInputObjectType(parent) ? parent.getFields()[node.name.value]?.description : undefined);
      },
    }),
  );
  return found;
}

/**
 * The input schema of a tool that runs `operation`: one argument per variable, typed as the
 * variable is, with its default (GraphQL would apply the same) and the description of what it
 * feeds.
 */
export function operationInputShape(schema: GraphQLSchema, operation: OperationDefinitionNode): Record<string, z.ZodTypeAny> {
  const descriptions = variableDescriptions(schema, operation);
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const v of operation.variableDefinitions ?? []) {
    const name = v.variable.name.value;
    const type = typeFromAST(schema, v.type) as GraphQLInputType | undefined;
    if (!type) throw new Error(`variable $${name}: unknown type ${print(v.type)}`);
    const base = zodOf(type);
    const typed = v.defaultValue ? (isNonNullType(type) ? base : (base as z.ZodOptional<z.ZodTypeAny>).unwrap()).default(valueFromASTUntyped(v.defaultValue)) : base;
    const about = descriptions.get(name);
    shape[name] = described(typed, `${about ?? name}${about?.endsWith('.') ? '' : '.'} GraphQL type ${print(v.type)}.`);
  }
  return shape;
}
