import { registerEnumType } from 'type-graphql';

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
