/** The indexing pipeline: claim jobs, decode ahead of the model, embed in batches, record results. */
import { dirname, join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Db } from '../catalog/db.js';
import { claimJobs, requeueRunning } from '../catalog/jobs.js';
import { thumbPathFor } from '../cache-paths.js';
import { decodePhoto, type DecodedPhoto, type ReadPhoto } from '../media/decode.js';
import { readSidecarKeywords } from '../tags/xmp.js';
import type { EmbeddingTower } from './threaded-tower.js';
import { dropJob, recordFailed, recordIndexed, recordRead, targetFor, type IndexTarget } from './index-results.js';
import { machineTrouble, type MachineTrouble } from './machine-trouble.js';
import { ReadyQueue } from './ready-queue.js';

/** What the loop reports as it goes. */
export interface IndexLoopEvents {
  embedded(photoId: number, vector: Float32Array): void;
  /** Read without a model: thumbnail and metadata recorded. */
  read(photoId: number): void;
  failed(photoId: number, reason: string): void;
  /** Something went wrong that does not fail the photo (e.g. its XMP sidecar could not be read); the parent logs it. */
  warned(photoId: number, message: string): void;
}

/** Pipeline knobs and the model it feeds. */
export interface IndexLoopOptions {
  db: Db;
  /** The vision tower, or null to read photos (thumbnail + metadata) without a model. */
  tower: EmbeddingTower | null;
  modelId: string;
  thumbsDir: string;
  mean: [number, number, number];
  std: [number, number, number];
  /** Decodes in flight ahead of inference (they run in libuv's pool while the model runs). */
  lookahead: number;
  /** Only jobs that were in flight when the process died, strictly one at a time (see crash-quarantine.ts). */
  serial?: boolean;
  /** Test-only fault: the process kills itself when it is about to decode a file whose path ends with this. */
  crashOn?: string;
  events: IndexLoopEvents;
  /** Checked between batches: `paused()` resolves once resumed (at once when not paused); `stopped()` ends the loop. */
  control: { isPaused(): boolean; paused(): Promise<void>; stopped(): boolean };
  /** Resolves when indexing may go on after machine trouble (see machine-trouble.ts); `attempt` counts waits in a row. */
  waitOut(trouble: MachineTrouble, attempt: number): Promise<void>;
}

/** A photo hit by passing (non-disk) trouble this many times is failed with the reason, so the queue cannot stick. */
const PASSING_TROUBLE_TRIES = 3;

type Decoded =
  | { target: IndexTarget; photo: DecodedPhoto | ReadPhoto; thumbPath: string; sidecarKeywords: string[] }
  | { target: IndexTarget; error: string; trouble: MachineTrouble | null };
type Good = Extract<Decoded, { photo: unknown }>;

/**
 * [Note: Decode overlapped with inference]
 * The model must never wait: `lookahead` decodes are always in flight (sharp runs them on the libuv pool) and two
 * batches are handed to the inference thread at a time, so while it runs one the next is already queued behind it
 * and the previous one's results are being written. Batches are taken in queue order and sized to what is decoded
 * (the oldest, and those behind it already done, up to the model's batch): the model starts on the first photo
 * instead of waiting for a full batch, and later batches fill while it runs. The queue is refilled BEFORE any
 * inference is awaited, and results are written in one transaction per photo (crash-safe).
 *
 * [Note: Machine trouble]
 * A failure of the machine (a full disk for thumbnails or the catalog, a share that stopped answering) is not the
 * photo's: it is never recorded as the photo's error. The loop lets what is in flight finish unrecorded, waits
 * (`waitOut`: until space comes back, or a back-off), puts every claimed job back in the queue and goes on. So each
 * photo is either done, failed for a reason of its own, or still queued — never in between.
 */
export async function runIndexLoop(o: IndexLoopOptions): Promise<{ indexed: number; failed: number }> {
  const inFlight = new ReadyQueue<Decoded>();
  let indexed = 0;
  let failed = 0;
  let exhausted = false;
  let inModel: Promise<void> | null = null;
  let trouble: MachineTrouble | null = null;
  let waits = 0;
  const passingTries = new Map<number, number>();
  const catalogDir = dirname(o.db.name);

  /** Runs a catalog write; machine trouble (a full disk) is noted instead of thrown. Returns whether it was written. */
  const write = (target: IndexTarget | null, fn: () => void): boolean => {
    try {
      fn();
      return true;
    } catch (err) {
      const t = machineTrouble(err, catalogDir);
      if (!t) throw err;
      noteTrouble(target, t, err);
      return false;
    }
  };
  /** Leaves the photo's job claimed (requeued after the wait); a photo passing trouble keeps hitting is failed. */
  const noteTrouble = (target: IndexTarget | null, t: MachineTrouble, err: unknown): void => {
    if (target && t.kind === 'io') {
      const tries = (passingTries.get(target.photoId) ?? 0) + 1;
      passingTries.set(target.photoId, tries);
      if (tries >= PASSING_TROUBLE_TRIES) return fail(target, err instanceof Error ? err.message : String(err));
    }
    trouble ??= t;
  };

  const refill = (): void => {
    const limit = o.serial ? 1 : o.lookahead;
    while (!exhausted && !trouble && inFlight.length < limit) {
      let jobs: ReturnType<typeof claimJobs> = [];
      if (!write(null, () => (jobs = claimJobs(o.db, Math.max(1, limit - inFlight.length), o.modelId, { suspects: o.serial })))) break;
      if (jobs.length === 0) exhausted = true;
      for (const job of jobs) {
        const target = targetFor(o.db, job);
        if (!target) dropJob(o.db, job.id);
        else inFlight.push(decodeOne(target, o));
      }
    }
  };
  const fail = (target: IndexTarget, reason: string): void => {
    if (!write(target, () => recordFailed(o.db, target, reason))) return;
    o.events.failed(target.photoId, reason);
    failed++;
  };
  /** Sends a batch to the model; the returned promise records its results once they come back. */
  const embed = async (tower: EmbeddingTower, good: (Good & { photo: DecodedPhoto })[]): Promise<void> => {
    const vectors = await embedOrExplain(
      tower,
      good.map((d) => d.photo.tensor),
    );
    good.forEach((d, i) => {
      const v = vectors[i];
      if (typeof v === 'string' || !v) return fail(d.target, typeof v === 'string' ? v : 'The model produced no embedding');
      if (!write(d.target, () => recordIndexed(o.db, d.target, d.photo, d.thumbPath, v, d.sidecarKeywords))) return;
      o.events.embedded(d.target.photoId, v);
      indexed++;
      waits = 0; // progress: trouble that comes back later waits from the shortest back-off again
    });
  };

  for (;;) {
    if (o.control.isPaused() || o.control.stopped() || trouble) {
      await inModel;
      inModel = null;
    }
    if (trouble) {
      await inFlight.drain(); // decoded again after the wait; nothing of theirs is recorded
      await o.waitOut(trouble, waits++);
      trouble = null;
      if (o.control.stopped()) break;
      if (!write(null, () => requeueRunning(o.db))) continue;
      exhausted = false;
    }
    await o.control.paused();
    if (o.control.stopped()) break;
    refill();
    if (inFlight.length === 0) {
      // The last batch's results may still hit trouble: wait for them before deciding the queue is done.
      await inModel;
      inModel = null;
      if (trouble) continue;
      break;
    }
    const batch = await inFlight.takeReady(o.tower?.maxBatch ?? 1);
    if (!o.serial) refill();
    for (const d of batch) {
      if (!('error' in d)) continue;
      if (d.trouble) noteTrouble(d.target, d.trouble, new Error(d.error));
      else fail(d.target, d.error);
    }
    const good = batch.filter((d): d is Good => 'photo' in d);
    if (!o.tower) {
      for (const d of good) {
        if (!write(d.target, () => recordRead(o.db, d.target, d.photo, d.thumbPath, d.sidecarKeywords))) continue;
        o.events.read(d.target.photoId);
        indexed++;
        waits = 0;
      }
      continue;
    }
    const withTensor = good.filter((d): d is Good & { photo: DecodedPhoto } => d.photo.tensor !== null);
    if (withTensor.length === 0) continue;
    const next = embed(o.tower, withTensor);
    if (o.serial) {
      await next;
      continue;
    }
    next.catch(() => undefined); // awaited below or on the next turn; this only keeps Node from calling it unhandled meanwhile
    await inModel;
    inModel = next;
  }
  await inModel;
  // Jobs claimed but not processed (stop requested) go back to the queue.
  await inFlight.drain();
  return { indexed, failed };
}

async function decodeOne(target: IndexTarget, o: IndexLoopOptions): Promise<Decoded> {
  if (o.crashOn && target.path.endsWith(o.crashOn)) process.kill(process.pid, 'SIGKILL');
  const thumbPath = thumbPathFor(o.thumbsDir, target.photoId);
  try {
    await mkdir(join(thumbPath, '..'), { recursive: true });
    const [photo, sidecarKeywords] = await Promise.all([
      decodePhoto(target.path, {
        tensorSize: o.tower?.imageSize ?? null,
        mean: o.mean,
        std: o.std,
        thumbPath,
        knownHash: target.knownHash,
      }),
      readSidecarKeywords(target.path).catch((err: unknown) => {
        // The photo is still indexed; only the keywords its sidecar holds are not imported this time.
        o.events.warned(
          target.photoId,
          `Could not read the XMP sidecar of ${target.path}: ${err instanceof Error ? err.message : String(err)}`,
        );
        return [];
      }),
    ]);
    return { target, photo, thumbPath, sidecarKeywords };
  } catch (err) {
    return { target, error: err instanceof Error ? err.message : String(err), trouble: machineTrouble(err, o.thumbsDir) };
  }
}

/** Embeds a batch; if the batch fails, retries one by one so a single bad tensor cannot sink its neighbours. */
async function embedOrExplain(tower: EmbeddingTower, tensors: Float32Array[]): Promise<(Float32Array | string)[]> {
  try {
    return await tower.embed(tensors);
  } catch {
    const out: (Float32Array | string)[] = [];
    for (const t of tensors) {
      try {
        out.push((await tower.embed([t]))[0] ?? 'The model produced no embedding');
      } catch (err) {
        out.push(`The model could not process this photo: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return out;
  }
}
