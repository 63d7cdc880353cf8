import { registerEnumType } from 'type-graphql';
import { codeDescription, type CodeDef, type CodeList } from '../questionnaire/code-list';

/**
 * Registers a string enum (GraphQL names = keys, stored codes = lower-case values) with a
 * description for the type and for each value, so Sandbox documents every code.
 */
export function describeEnum<E extends Record<string, string>>(
  enumObject: E,
  name: string,
  description: string,
  values: { [K in keyof E]: string },
): void {
  const valuesConfig = Object.fromEntries(
    Object.entries(values).map(([key, text]) => [key, { description: text }]),
  ) as { [K in keyof E]: { description: string } };
  registerEnumType(enumObject, { name, description, valuesConfig });
}

/** The stored codes of an enum, e.g. ['male', 'female']. */
export function enumCodes(enumObject: Record<string, string>): string[] {
  return Object.values(enumObject);
}

/** The enum object of each code list already registered: a list is one GraphQL enum however often it is asked for. */
const registered = new Map<CodeList, Readonly<Record<string, string>>>();

/** The GraphQL enum of a questionnaire code list: `{ KEY: code }`, e.g. `Sex.MALE === 'male'`. */
export type EnumOf<C extends { readonly [key: string]: CodeDef }> = { readonly [K in keyof C]: C[K]['code'] };

/**
 * Registers a code list of the questionnaire as a GraphQL enum (names = keys, values = stored
 * codes), with the English descriptions of the list and of each code, and returns the enum object.
 */
export function graphqlEnum<const C extends { readonly [key: string]: CodeDef }>(list: CodeList & { readonly codes: C }): EnumOf<C> {
  const known = registered.get(list);
  if (known) return known as EnumOf<C>;
  const values = Object.fromEntries(Object.entries(list.codes).map(([key, c]) => [key, c.code])) as EnumOf<C>;
  const valuesConfig = Object.fromEntries(
    Object.entries(list.codes).map(([key, c]) => [key, { description: codeDescription(c).en }]),
  );
  registerEnumType(values as Record<string, string>, { name: list.name, description: list.description.en, valuesConfig });
  registered.set(list, values);
  return values;
}
