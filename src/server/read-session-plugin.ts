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
        async willSendResponse({ contextValue }) {
          await contextValue.db?.release();
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
