/** Thrown by `HeavyGate.acquire` when no slot frees up within the wait allowed. */
export class GateWaitTimeout extends Error {
  constructor(readonly waitedMs: number) {
    super(`no heavy-work slot became free within ${waitedMs} ms`);
  }
}

interface Waiter {
  grant(release: () => void): void;
  timer: NodeJS.Timeout;
}

/**
 * A counting semaphore with a FIFO queue and a bounded wait: at most `slots` holders at once, a
 * newcomer waits its turn for at most `waitMs`, then is refused. The hub holds one for heavy work
 * (stats statements), so that heavy requests queue or are refused while cheap ones keep the
 * database threads and connections they need.
 */
export class HeavyGate {
  private free: number;
  private readonly queue: Waiter[] = [];

  constructor(readonly slots: number) {
    this.free = slots;
  }

  /** Holders right now. */
  get inUse(): number {
    return this.slots - this.free;
  }

  /** Callers waiting for a slot right now. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with the slot's release function (idempotent), or rejects with GateWaitTimeout. */
  acquire(waitMs: number): Promise<() => void> {
    if (this.free > 0 && this.queue.length === 0) {
      this.free -= 1;
      return Promise.resolve(this.releaser());
    }
    if (waitMs <= 0) return Promise.reject(new GateWaitTimeout(0));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          const at = this.queue.indexOf(waiter);
          if (at >= 0) this.queue.splice(at, 1);
          reject(new GateWaitTimeout(waitMs));
        }, waitMs),
      };
      this.queue.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next) {
        // The slot passes straight to the next in line, so no newcomer can jump the queue.
        clearTimeout(next.timer);
        next.grant(this.releaser());
      } else {
        this.free += 1;
      }
    };
  }
}
