import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import type { Context } from '../modules/context';

/** One log line per operation: name, role, duration and error codes; never variables or results. */
export function requestLogPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request, contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ errors }) {
          logger.info(
            {
              operation: request.operationName ?? null,
              role: contextValue.role,
              ms: Number(process.hrtime.bigint() - started) / 1e6,
              errors: errors?.map((e) => e.extensions?.code ?? 'UNKNOWN') ?? [],
            },
            'graphql',
          );
        },
      };
    },
  };
}
