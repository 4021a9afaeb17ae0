/** The persistent job queue: index jobs per (photo, model), claimed oldest first, survived across crashes. */
import type { Db } from './db.js';

/** A claimed job: embed `photoId` with `modelId`. */
export interface ClaimedJob {
  id: number;
  photoId: number;
  modelId: string;
}

/** Queues an index job for each photo (one per photo and model; duplicates are ignored). Returns how many were added. */
export function enqueueIndex(db: Db, photoIds: number[], modelId: string): number {
  const stmt = db.prepare(
    `INSERT OR IGNORE INTO jobs (kind, photo_id, model_id, state, attempts, created_at)
     SELECT 'index', id, ?, 'queued', 0, ? FROM photos WHERE id = ?`,
  );
  const now = Date.now();
  let added = 0;
  db.transaction(() => {
    for (const id of photoIds) added += stmt.run(modelId, now, id).changes;
  }).immediate();
  return added;
}

/**
 * Takes up to `limit` of the oldest queued jobs (of one model when given; only those that were running when the
 * indexing process died with `suspects`), marking them running and counting the attempt, atomically.
 */
export function claimJobs(db: Db, limit: number, modelId?: string, opts: { suspects?: boolean } = {}): ClaimedJob[] {
  const select = db.prepare(
    `SELECT id, photo_id AS photoId, model_id AS modelId FROM jobs
     WHERE state = 'queued' AND (? IS NULL OR model_id = ?) ${opts.suspects ? 'AND crashes > 0' : ''} ORDER BY id LIMIT ?`,
  );
  const mark = db.prepare(`UPDATE jobs SET state = 'running', attempts = attempts + 1 WHERE id = ?`);
  return db
    .transaction(() => {
      const jobs = select.all(modelId ?? null, modelId ?? null, Math.max(0, Math.floor(limit))) as ClaimedJob[];
      for (const job of jobs) mark.run(job.id);
      return jobs;
    })
    .immediate();
}

/** Removes a finished job (done or failed for good; the outcome lives in the embeddings table). */
export function finishJob(db: Db, jobId: number): void {
  db.prepare('DELETE FROM jobs WHERE id = ?').run(jobId);
}

/** Puts jobs a crashed or stopped run left `running` back in the queue. Returns how many. */
export function requeueRunning(db: Db): number {
  return db.prepare(`UPDATE jobs SET state = 'queued' WHERE state = 'running'`).run().changes;
}

/** Jobs that were running when the indexing process died: each counts a crash; returns them with their count. */
export function countCrash(db: Db): { id: number; photoId: number; modelId: string; crashes: number }[] {
  return db
    .transaction(() => {
      db.prepare(`UPDATE jobs SET crashes = crashes + 1 WHERE state = 'running'`).run();
      return db.prepare(`SELECT id, photo_id AS photoId, model_id AS modelId, crashes FROM jobs WHERE state = 'running'`).all() as {
        id: number;
        photoId: number;
        modelId: string;
        crashes: number;
      }[];
    })
    .immediate();
}

/** Queued and running jobs, for one model or all. */
export function countJobs(db: Db, modelId?: string): { queued: number; running: number } {
  const where = modelId === undefined ? '' : 'WHERE model_id = ?';
  const row = db
    .prepare(
      `SELECT COALESCE(SUM(state = 'queued'), 0) AS queued, COALESCE(SUM(state = 'running'), 0) AS running
       FROM jobs ${where}`,
    )
    .get(...(modelId === undefined ? [] : [modelId])) as { queued: number; running: number };
  return { queued: row.queued, running: row.running };
}

/** Drops every job of a model (when it is removed or replaced). Returns how many. */
export function dropJobsForModel(db: Db, modelId: string): number {
  return db.prepare('DELETE FROM jobs WHERE model_id = ?').run(modelId).changes;
}
