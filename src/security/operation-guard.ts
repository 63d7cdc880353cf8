import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, OperationDefinitionNode } from 'graphql';
import { quote } from '../common/quote';
import type { Context } from '../modules/context';

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/** Names are echoed back: a hostile one may be huge. */
const shown = (name: string) => quote(name);

function listOf(operations: OperationDefinitionNode[]): string {
  const names = operations.map((o) => (o.name ? shown(o.name.value) : 'an anonymous operation'));
  return names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
}

/**
 * Refuses, before any other check or any statement runs, a request whose operation cannot be
 * chosen (an unknown `operationName`, or several operations and no name) and any operation other
 * than a query: the hub is read-only and its schema has no mutation or subscription root.
 * Both are the client's mistake: 400 BAD_REQUEST with what to send instead.
 */
export function operationGuardPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        // Throws without awaiting, so that its message wins over later plugins' checks of the
        // same operation (Apollo settles didResolveOperation hooks together).
        async didResolveOperation({ request, document, operation }) {
          if (!operation) {
            const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
            if (request.operationName) {
              throw badRequest(
                `Unknown operationName ${shown(request.operationName)}: the document defines ${listOf(operations)}. ` +
                  'Send the name of one of its operations, or no operationName when it holds only one.',
              );
            }
            throw badRequest(
              `The document defines ${operations.length} operations (${listOf(operations)}) and no operationName says which to run; ` +
                'send operationName, or one operation per request.',
            );
          }
          if (operation.operation !== 'query') {
            throw badRequest(`This API is read-only: ${operation.operation} operations are not supported. Send a query.`);
          }
        },
      };
    },
  };
}
