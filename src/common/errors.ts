import { GraphQLError } from 'graphql';

/** A client mistake in an argument: names the argument, the value received and what is allowed. */
export function badInput(argument: string, value: unknown, allowed: string): GraphQLError {
  return new GraphQLError(`${argument}: ${JSON.stringify(value)} is not allowed; ${allowed}.`, {
    extensions: { code: 'BAD_USER_INPUT', argument },
  });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}
