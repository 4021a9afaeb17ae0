/** A photo that takes the indexing process down is set aside after a few crashes, so the rest of the queue goes on. */
import type { Db } from '../catalog/db.js';
import { countCrash, requeueRunning } from '../catalog/jobs.js';
import { recordFailed } from './index-results.js';

/** Crashes of the indexing process while a photo was in flight before it is set aside. */
export const CRASH_LIMIT = 2;

/** The reason a set-aside photo shows with the other failures (a retry from Folders clears it). */
export const CRASH_REASON = 'This photo crashed the decoder or model, so it was set aside. "Try again" in Folders retries it.';

/**
 * [Note: Poison photos]
 * When the index child dies, every job it was running counts a crash. Jobs with a crash are then run one at a time,
 * alone (see `serial` in the index loop), so an innocent neighbour is cleared by its next run while the photo that
 * kills the process keeps counting; at {@link CRASH_LIMIT} it is recorded as failed with {@link CRASH_REASON}.
 * Returns the photo ids set aside; the other running jobs go back to the queue.
 */
export function recordCrash(db: Db): number[] {
  const aside: number[] = [];
  for (const job of countCrash(db)) {
    if (job.crashes < CRASH_LIMIT) continue;
    recordFailed(db, { jobId: job.id, photoId: job.photoId, modelId: job.modelId }, CRASH_REASON);
    aside.push(job.photoId);
  }
  requeueRunning(db);
  return aside;
}
