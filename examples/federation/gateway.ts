import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';

/** What the router passes on to the subgraphs: the caller's `authorization` header, nothing else. */
export interface RouterContext {
  authorization?: string;
}

/**
 * A gateway over a composed supergraph. It forwards the caller's partner key, so the hub applies
 * the same access rules behind the router as when called directly.
 */
export function createGateway(supergraphSdl: string): ApolloServer<RouterContext> {
  return new ApolloServer<RouterContext>({
    // Whoever started it stops it: Apollo's own handler would end the process on Ctrl-C before
    // the demo has stopped the hub it started.
    stopOnTerminationSignals: false,
    gateway: new ApolloGateway({
      supergraphSdl,
      buildService: ({ url }) =>
        new RemoteGraphQLDataSource<RouterContext>({
          url,
          willSendRequest({ request, context }) {
            if (context.authorization) request.http!.headers.set('authorization', context.authorization);
          },
        }),
    }),
  });
}
