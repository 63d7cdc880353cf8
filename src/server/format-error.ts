import { GraphQLFormattedError, GraphQLSchema, isEnumType } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import type { Logger } from 'pino';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const here = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => (parent ? `${parent}.${m}` : m));
    return [...own, ...flatten(e.children ?? [], here)];
  });
}

/** Messages graphql-js gives for a literal argument value of the wrong type or enum. */
const ARGUMENT_VALUE_ERROR = /^(Value "?(.+?)"? does not exist in "(\w+)" enum|Enum "(\w+)" cannot represent|Expected value of type|Int cannot represent|Float cannot represent|String cannot represent|Boolean cannot represent|Variable "\$\w+" got invalid value)/;

/**
 * Shapes every error a client sees: argument mistakes become BAD_USER_INPUT with a message that
 * says what is allowed; unexpected errors become a bare INTERNAL_SERVER_ERROR (logged, never
 * shown: no stack traces, no SQL).
 */
export function errorFormatter(schema: GraphQLSchema, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ArgumentValidationError) {
      const messages = flatten(original.extensions.validationErrors as ValidationError[]);
      return { ...formatted, message: `Invalid argument: ${messages.join('; ')}.`, extensions: { code: 'BAD_USER_INPUT' } };
    }
    const code = formatted.extensions?.code;
    if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'BAD_USER_INPUT') {
      const m = ARGUMENT_VALUE_ERROR.exec(formatted.message);
      if (m) {
        const enumName = m[3] ?? m[4] ?? /"(\w+)" enum/.exec(formatted.message)?.[1];
        const type = enumName ? schema.getType(enumName) : undefined;
        const allowed = type && isEnumType(type) ? ` Allowed values: ${type.getValues().map((v) => v.name).join(', ')}.` : '';
        return { ...formatted, message: formatted.message + allowed, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
      }
      return formatted;
    }
    if (!code || code === 'INTERNAL_SERVER_ERROR') {
      logger.error({ err: original }, 'unexpected error while resolving a request');
      return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
}
