import type { ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ReadSessions } from '../db/read-session';
import type { Context } from '../modules/context';

/**
 * Ends each request's read snapshot once its answer is known, whether it succeeded, failed or
 * the client went away (Apollo still finishes the operation and calls these hooks); `release`
 * is idempotent, so the two hooks and the CSV export's own `finally` may all call it. When the
 * server stops, after the HTTP drain, the snapshot connections close.
 */
export function readSessionPlugin(sessions: ReadSessions): ApolloServerPlugin<Context> {
  return {
    async serverWillStart() {
      return {
        async serverWillStop() {
          await sessions.close();
        },
      };
    },
    async requestDidStart() {
      return {
        async didEncounterErrors({ contextValue }) {
          await contextValue.db?.release();
        },
        // The answer does not wait for the transaction to end: COMMIT (a round trip on PostgreSQL)
        // and the connection's return to the pool overlap with sending it. The next statement of
        // whoever takes the connection queues behind the COMMIT.
        async willSendResponse({ contextValue, logger }) {
          contextValue.db?.release().catch((err: unknown) => logger.warn(`could not end a read snapshot: ${err instanceof Error ? err.message : String(err)}`));
        },
      };
    },
  };
}

/**
 * Ends the request's snapshot as soon as its HTTP connection closes. After a normal answer the
 * plugin has already ended it (a no-op here); when the client went away first, the statements
 * still running for nobody are interrupted at once instead of running on to the end.
 */
export function endSnapshotOnClose(context: Context, res: ServerResponse): Context {
  res.once('close', () => void context.db.release());
  return context;
}
