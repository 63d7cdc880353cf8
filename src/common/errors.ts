import { GraphQLError } from 'graphql';
import { quote } from './quote';

/**
 * A client mistake in an argument: names the argument, the value received (at most QUOTE_LIMIT
 * characters of it) and what is allowed.
 */
export function badInput(argument: string, value: unknown, allowed: string): GraphQLError {
  return new GraphQLError(`${argument}: ${quote(value)} is not allowed; ${allowed}.`, {
    extensions: { code: 'BAD_USER_INPUT', argument },
  });
}

/**
 * A refusal for lack of a partner key. Its 403 is the answer's status only when it refuses the
 * request before the operation runs; raised by a field, it refuses that field and the answer is
 * 200 with the rest of the data (response-status.ts).
 */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
