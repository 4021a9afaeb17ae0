/** How the index child waits out machine trouble: until the full disk has room again, or after a back-off for the rest. */
import { backoffDelay } from '../backoff.js';
import { freeBytes, troubleMessage, type MachineTrouble } from './machine-trouble.js';

/** Room that must come free before indexing tries again (a freed thumbnail or two is not enough to go on). */
const ROOM_TO_GO_ON = 8 * 2 ** 20;
const DISK_POLL_MS = 1000;
const IO_BACKOFF = { baseMs: 1000, maxMs: 30_000 };

/** What the wait needs from the child: where to report, whether it was stopped. */
export interface TroubleWaitOptions {
  /** The person's message while waiting, then null once indexing goes on. */
  report(problem: string | null): void;
  stopped(): boolean;
}

/**
 * Resolves when indexing may go on: for a full disk once ROOM_TO_GO_ON more bytes are free than when it ran out
 * (checked every second, the message keeping the free space current), for passing trouble after a back-off that
 * grows with `attempt`; at once when the child is stopped.
 */
export async function waitOutTrouble(t: MachineTrouble, attempt: number, o: TroubleWaitOptions): Promise<void> {
  if (t.kind === 'io') {
    o.report(troubleMessage(t, null));
    await sleepUnlessStopped(backoffDelay(attempt, IO_BACKOFF), o);
  } else {
    const atFailure = (await freeBytes(t.dir)) ?? 0;
    for (;;) {
      const free = await freeBytes(t.dir);
      if (free === null) {
        // The drive cannot be asked: try again after a while rather than in a tight loop.
        await sleepUnlessStopped(backoffDelay(attempt, IO_BACKOFF), o);
        break;
      }
      if (free >= atFailure + ROOM_TO_GO_ON || o.stopped()) break;
      o.report(troubleMessage(t, free));
      await sleepUnlessStopped(DISK_POLL_MS, o);
    }
  }
  o.report(null);
}

async function sleepUnlessStopped(ms: number, o: TroubleWaitOptions): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end && !o.stopped()) await new Promise((r) => setTimeout(r, Math.min(250, end - Date.now())));
}
