/** Exponential back-off: the one rule for how long to wait before trying again (downloads, indexing restarts). */

/** Waits start at `baseMs` and double per attempt, never beyond `maxMs`. */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** How long to wait before retry number `attempt` (0 = the first retry): base·2^attempt, capped at max. */
export function backoffDelay(attempt: number, b: Backoff): number {
  return Math.min(b.maxMs, b.baseMs * 2 ** Math.max(0, attempt));
}
