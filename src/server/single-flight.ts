/** What a wait for a flight ended with: its answer, nothing (it ended without one), or the waiter's time ran out. */
export type FlightOutcome = { answer: string } | { answer: undefined } | 'timeout';

/** One request computing the answer of a cache key; identical requests wait for it. */
export class Flight {
  private settle!: (answer: string | undefined) => void;
  private readonly ended: Promise<string | undefined>;
  private done = false;
  private readonly guard: NodeJS.Timeout;

  constructor(
    private readonly onEnd: (flight: Flight) => void,
    maxMs: number,
  ) {
    this.ended = new Promise((resolve) => (this.settle = resolve));
    // A leader that never reports back (a bug, a hook Apollo skipped) must not hold its waiters past their budget.
    this.guard = setTimeout(() => this.finish(undefined), maxMs);
    this.guard.unref();
  }

  /** Ends the flight (idempotent): waiters get `answer`, or go on without one when it is undefined. */
  finish(answer: string | undefined): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.guard);
    this.onEnd(this);
    this.settle(answer);
  }

  /** Waits for the flight's end, for at most `ms`. */
  async wait(ms: number): Promise<FlightOutcome> {
    if (ms <= 0) return 'timeout';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
    try {
      return await Promise.race([this.ended.then((answer) => ({ answer })), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The flights in progress on this instance, by cache key: while one request computes an answer
 * (a cold stats aggregate may take seconds), identical requests wait for it instead of each
 * starting the same statement and crowding the heavy-work gate.
 */
export class SingleFlight {
  private readonly flights = new Map<string, Flight>();

  /** The flight computing `key`, if any. */
  find(key: string): Flight | undefined {
    return this.flights.get(key);
  }

  /** Starts the flight of `key` (the caller is its leader); it ends by itself after `maxMs`. */
  start(key: string, maxMs: number): Flight {
    const flight = new Flight((f) => {
      if (this.flights.get(key) === f) this.flights.delete(key);
    }, maxMs);
    this.flights.set(key, flight);
    return flight;
  }

  /** Flights in progress (tests). */
  get size(): number {
    return this.flights.size;
  }
}
