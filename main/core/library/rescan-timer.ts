/** Periodic rescans of one folder through the library's serial queue, never more than one waiting at a time. */
import type { SerialQueue } from './serial-queue.js';

/**
 * Queues `rescan` every `intervalMs`, unless the previous one is still queued or running: a tree big enough to
 * exhaust the OS watches can take longer to scan than the interval, and a backlog would delay every other task.
 * Returns a function that stops the timer (a rescan already queued still runs).
 */
export function startRescans(queue: SerialQueue, intervalMs: number, rescan: () => Promise<unknown>): () => void {
  let queued = false;
  const timer = setInterval(() => {
    if (queued) return;
    queued = true;
    queue.fireAndForget(async () => {
      try {
        await rescan();
      } finally {
        queued = false;
      }
    });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
