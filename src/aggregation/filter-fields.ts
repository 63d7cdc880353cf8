import { GraphQLScalarType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/**
 * The fields of a GraphQL filter input (`RespondentFilter`, `ChildFilter`, ...) as type-graphql
 * registered them: the input's own fields and those the questionnaire added. Read from the
 * decorators' metadata rather than listed again, so a field added to a filter is known here at once.
 */
export interface FilterField {
  name: string;
  /** What the field accepts, for messages: `Int`, `Boolean`, `one of male, female`, `RespondentFilter`. */
  accepts: string;
  /** Whether a value fits the field's type (a nested input is checked field by field by `filterProblems`). */
  fits(value: unknown): boolean;
  /** The nested filter input's name, for a field such as `ChildFilter.respondent`. */
  nested?: string;
}

interface FieldMetadata {
  name: string;
  target: { name: string };
  getType(): unknown;
}

function fieldOf(name: string, type: unknown): FilterField {
  if (type === String) return { name, accepts: 'String', fits: (v) => typeof v === 'string' };
  if (type === Boolean) return { name, accepts: 'Boolean', fits: (v) => typeof v === 'boolean' };
  if (type instanceof GraphQLScalarType) {
    if (type.name === 'Int') return { name, accepts: 'Int', fits: (v) => Number.isInteger(v) };
    if (type.name === 'Float') return { name, accepts: 'Float', fits: (v) => typeof v === 'number' && Number.isFinite(v) };
    return { name, accepts: type.name, fits: (v) => typeof v === 'string' };
  }
  if (type === Number) return { name, accepts: 'Float', fits: (v) => typeof v === 'number' && Number.isFinite(v) };
  if (typeof type === 'function') return { name, accepts: type.name, fits: (v) => typeof v === 'object' && v !== null && !Array.isArray(v), nested: type.name };
  // A registered enum object: { NAME: code }; filters take the codes.
  const codes = Object.values(type as Record<string, string>);
  return { name, accepts: `one of ${codes.join(', ')}`, fits: (v) => typeof v === 'string' && codes.includes(v) };
}

const cache = new Map<string, ReadonlyMap<string, FilterField>>();

/** The fields of the filter input named `input`, by field name. */
export function filterFields(input: string): ReadonlyMap<string, FilterField> {
  let fields = cache.get(input);
  if (!fields) {
    const metadata = (getMetadataStorage() as unknown as { fields: FieldMetadata[] }).fields.filter((f) => f.target.name === input);
    fields = new Map(metadata.map((f) => [f.name, fieldOf(f.name, f.getType())]));
    cache.set(input, fields);
  }
  return fields;
}

/** A problem with one key of a filter: its path from the filter (`respondent.sex`), the value and what is allowed. */
export interface FilterProblem {
  key: string;
  value: unknown;
  allowed: string;
}

/** What is wrong with a filter written for the input `input`: unknown keys and values of the wrong type. */
export function filterProblems(input: string, filter: Readonly<Record<string, unknown>>, prefix = ''): FilterProblem[] {
  const fields = filterFields(input);
  const problems: FilterProblem[] = [];
  for (const [key, value] of Object.entries(filter)) {
    const field = fields.get(key);
    if (!field) {
      problems.push({ key: prefix + key, value, allowed: `a field of ${input}: ${[...fields.keys()].join(', ')}` });
    } else if (!field.fits(value)) {
      problems.push({ key: prefix + key, value, allowed: `${input}.${key} takes ${field.accepts}` });
    } else if (field.nested) {
      problems.push(...filterProblems(field.nested, value as Record<string, unknown>, `${prefix}${key}.`));
    }
  }
  return problems;
}
