import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from 'pino';
import { cut } from '../common/quote';
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
              // The client names the operation: a 200 KB name would make a 200 KB log line.
              operation: typeof request.operationName === 'string' ? cut(request.operationName) : null,
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
