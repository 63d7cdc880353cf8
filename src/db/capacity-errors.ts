import { GraphQLError } from 'graphql';

/**
 * The two answers of a hub at capacity. Both are HTTP 503 with Retry-After: the request was
 * admitted by the cost limits, and whether it fits depends on how busy the hub is, which is the
 * server's condition rather than a client mistake (a client mistake is refused with a 4xx before
 * anything runs). Apollo turns `extensions.http` into the response status and headers; when other
 * fields of the operation still answered, the answer is 200 with their data instead
 * (response-status.ts: the GraphQL-over-HTTP spec makes an answer with data 2xx).
 */
function unavailable(message: string, code: string, retryAfterSeconds: number, details: Record<string, unknown>): GraphQLError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new GraphQLError(message, {
    extensions: {
      code,
      ...details,
      retryAfterSeconds: seconds,
      http: { status: 503, headers: new Map([['retry-after', String(seconds)]]) },
    },
  });
}

/** Heavy work (stats statements) found no free slot within the queue wait. */
export function heavyWorkBusy(slots: number, queueMs: number): GraphQLError {
  return unavailable(
    `The hub is busy: all ${slots} slots for heavy statistics (HEAVY_CONCURRENCY) stayed in use for the ${queueMs} ms ` +
      'a request may wait (HEAVY_QUEUE_MS), so this request was refused before it ran. Retry later, or ask for fewer stats fields.',
    'SERVER_BUSY',
    Math.max(1, queueMs / 1000),
    { heavyConcurrency: slots, heavyQueueMs: queueMs },
  );
}

/** No database connection became free for this request in time. */
export function connectionsBusy(waitedMs: number): GraphQLError {
  return unavailable(
    `The hub is busy: no database connection became free within ${Math.round(waitedMs)} ms, so this request was refused. Retry later.`,
    'SERVER_BUSY',
    1,
    { waitedMs: Math.round(waitedMs) },
  );
}

/** The request's statements ran past REQUEST_TIME_BUDGET_MS; the running one was cancelled. */
export function timeBudgetExceeded(budgetMs: number): GraphQLError {
  return unavailable(
    `The request used up its time budget of ${budgetMs} ms (REQUEST_TIME_BUDGET_MS) and its database statement was cancelled. ` +
      'Ask for fewer groups, measures or aliases, or retry when the hub is less busy.',
    'TIME_BUDGET_EXCEEDED',
    budgetMs / 1000,
    { budgetMs },
  );
}

/**
 * A read asked for after the request's answer was settled or its client went away: nobody will
 * see it, but it must not run on a connection that has gone back to the pool.
 */
export function requestEnded(): GraphQLError {
  return new GraphQLError('This request had already ended (answered, or its client went away) when this read was asked for; it was not run.', {
    extensions: { code: 'REQUEST_ENDED' },
  });
}

/** Whether an error is one of the answers above (passed on to the client as they are). */
export function isCapacityError(err: unknown): boolean {
  return err instanceof GraphQLError && (err.extensions.code === 'SERVER_BUSY' || err.extensions.code === 'TIME_BUDGET_EXCEEDED');
}
