import { GraphQLError, GraphQLFormattedError, GraphQLSchema, isEnumType } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import type { Logger } from 'pino';
import { boundMessage, boundStrings } from '../common/quote';

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const here = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => (parent ? `${parent}.${m}` : m));
    return [...own, ...flatten(e.children ?? [], here)];
  });
}

/** Messages graphql-js gives for a literal argument value of the wrong type or enum. */
const ARGUMENT_VALUE_ERROR = /^(Value "?(.+?)"? does not exist in "(\w+)" enum|Enum "(\w+)" cannot represent|Expected value of type|Int cannot represent|Float cannot represent|String cannot represent|Boolean cannot represent|Variable "\$\w+" got invalid value)/;

/** Apollo's terse messages for persisted-query mistakes, said with what to send instead. */
const APOLLO_REQUEST_MESSAGES: Record<string, string> = {
  'provided sha does not match query':
    'extensions.persistedQuery.sha256Hash does not match the query: send the lowercase hex SHA-256 of the exact query text (provided sha does not match query).',
  'Unsupported persisted query version': 'extensions.persistedQuery.version is not supported: send version 1 (Unsupported persisted query version).',
};

/** graphql-js stops coercing variables after 50 errors with this message and no code. */
const TOO_MANY_VARIABLE_ERRORS = 'Too many errors processing variables, error limit reached. Execution aborted.';

/** PostgreSQL's `invalid byte sequence for encoding` (22021) and `untranslatable character` (22P05). */
function isUnreadableText(error: unknown): boolean {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const pgCode = e?.driverError?.code ?? e?.code;
  return pgCode === '22021' || pgCode === '22P05';
}

/** Whether an error was raised with a 4xx HTTP status (`extensions.http.status`). */
function isClientStatus(error: unknown): boolean {
  const status = error instanceof GraphQLError ? (error.extensions?.http as { status?: unknown } | undefined)?.status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Shapes every error a client sees: argument mistakes become BAD_USER_INPUT with a message that
 * says what is allowed; unexpected errors become a bare INTERNAL_SERVER_ERROR (logged, never
 * shown: no stack traces, no SQL). Every message and every string in `extensions` quotes at most
 * QUOTE_LIMIT characters of a value the client sent (graphql-js prints values whole).
 */
export function errorFormatter(schema: GraphQLSchema, logger: Logger) {
  const shape = shapeError(schema, logger);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const bounded = { ...formatted, message: boundMessage(formatted.message) };
    const shaped = shape(bounded, error, formatted.message);
    return shaped.extensions ? { ...shaped, extensions: boundStrings(shaped.extensions) } : shaped;
  };
}

/** `formatted.message` is already bounded; `rawMessage` is the message as it was raised. */
function shapeError(schema: GraphQLSchema, logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown, rawMessage: string): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof ArgumentValidationError) {
      const messages = flatten(original.extensions.validationErrors as ValidationError[]).map(boundMessage);
      return { ...formatted, message: `Invalid argument: ${messages.join('; ')}.`, extensions: { code: 'BAD_USER_INPUT' } };
    }
    if (rawMessage === TOO_MANY_VARIABLE_ERRORS) {
      // The client's mistake, not the hub's: the errors before it say what was wrong.
      return {
        message: 'The variables hold too many mistakes: the first 50 are listed; nothing was run. Correct them and send the request again.',
        extensions: { code: 'BAD_USER_INPUT' },
      };
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
    if ((!code || code === 'INTERNAL_SERVER_ERROR') && isClientStatus(error)) {
      // Apollo marks some request mistakes with a 4xx status but no code (a persisted-query
      // hash that does not match its query, an unsupported persisted-query version): the
      // client's mistake, with Apollo's own message and its stable code for bad requests.
      const message = APOLLO_REQUEST_MESSAGES[rawMessage] ?? formatted.message;
      return { ...formatted, message, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
    }
    if ((!code || code === 'INTERNAL_SERVER_ERROR') && isUnreadableText(original)) {
      // A safety net behind the text guard: PostgreSQL refusing text it cannot store is still
      // about the request's text, not a fault of the hub. Never echoes the statement.
      return {
        message: 'A text value of this request holds a character the database cannot read (such as NUL); send valid Unicode text without NUL characters.',
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: 'BAD_USER_INPUT' },
      };
    }
    if (!code || code === 'INTERNAL_SERVER_ERROR') {
      logger.error({ err: original }, 'unexpected error while resolving a request');
      return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return formatted;
  };
}
