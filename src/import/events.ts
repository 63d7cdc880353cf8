/**
 * Notifications of committed imports, for code that must react to new data (cache invalidation).
 * Listeners run after the commit; a listener that throws does not undo or fail the import.
 */
type RoundListener = (roundId: string) => void;

const listeners = new Set<RoundListener>();

/** Registers a listener; returns a function that removes it. */
export function onRoundImported(listener: RoundListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function emitRoundImported(roundId: string): void {
  for (const listener of [...listeners]) {
    try {
      listener(roundId);
    } catch {
      // A failing listener must not turn a committed import into a reported failure.
    }
  }
}
