/** The catalog counts of a status answer, read on a worker thread so the API's event loop never waits for them. */
import type { Worker } from 'node:worker_threads';
import type { Db } from '../catalog/db.js';
import { countEmbedded } from '../catalog/embeddings.js';
import { listErrors, photoCounts, type PhotoCounts } from '../catalog/photos.js';
import { listUnreadable, type SkippedFile } from '../catalog/skipped-files.js';
import { keyCoverage } from '../jobs/coverage.js';
import { countRead } from '../jobs/media-jobs.js';
import { startThread } from '../jobs/worker-entry.js';
import type { Logger } from '../ports.js';

/** The model keys the counts are for: the active one (errors, switch progress) and the one serving search. */
export interface StatusKeys {
  active?: string;
  serving: string | null;
}

/** What a status answer counts. */
export interface StatusCounts {
  photos: PhotoCounts;
  read: number;
  /** Present photos the serving model can find. */
  searchable: number;
  errors: ReturnType<typeof listErrors>;
  unreadable: SkippedFile[];
  /** How far the active model covers the library while another one still serves; null when none is switching. */
  switching: { done: number; total: number } | null;
}

/** API thread → status thread. */
export interface StatusCountsRequest {
  id: number;
  keys: StatusKeys;
}

/** Status thread → API thread. */
export type StatusCountsReply = { id: number; ok: true; counts: StatusCounts } | { id: number; ok: false; message: string };

/** Reads every status count on `db` (synchronously: on the status thread, or inline when that thread cannot run). */
export function readStatusCounts(db: Db, keys: StatusKeys): StatusCounts {
  return {
    photos: photoCounts(db, keys.active),
    read: countRead(db),
    searchable: keys.serving ? countEmbedded(db, keys.serving) : 0,
    errors: listErrors(db, keys.active),
    unreadable: listUnreadable(db),
    switching: keys.active && keys.serving && keys.active !== keys.serving ? keyCoverage(db, keys.active) : null,
  };
}

/**
 * [Note: Status counts off the API thread]
 * Each status count reads a whole index: 10–25 ms at 100k photos, ten times that at 1M (bench-library.ts), and the
 * UI asks for status every few seconds while indexing. A worker thread with its own read-only connection reads them,
 * so the thread that serves the UI only posts a message. In WAL mode that connection sees every committed change.
 * If the thread cannot start or dies, the counts are read inline (correct, only not off-thread) and the reason logged.
 */
export class StatusCounter {
  private thread: Worker | null = null;
  private failed = false;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(c: StatusCounts): void; reject(e: Error): void }>();

  /** `offThread` false reads inline (one-shot CLI commands: no UI to keep responsive, no thread start to pay). */
  constructor(private readonly o: { db: Db; catalogFile: string; nativeBinding?: string; log: Logger; offThread: boolean }) {
    this.failed = !o.offThread;
  }

  /** The counts for `keys`, read on the status thread. */
  async count(keys: StatusKeys): Promise<StatusCounts> {
    const thread = this.ensureThread();
    if (!thread) return readStatusCounts(this.o.db, keys);
    const id = this.nextId++;
    // The thread keeps the process alive only while it owes an answer.
    thread.ref();
    return new Promise<StatusCounts>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      thread.postMessage({ id, keys } satisfies StatusCountsRequest);
    })
      .finally(() => {
        if (this.waiting.size === 0) thread.unref();
      })
      .catch((err: unknown) => {
        this.o.log.warn('status counts thread failed; reading them inline', { error: String(err) });
        return readStatusCounts(this.o.db, keys);
      });
  }

  /** Stops the thread (pending requests are answered inline). */
  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = null;
    this.failed = true;
    if (!thread) return;
    const exited = new Promise((resolve) => thread.once('exit', resolve));
    thread.ref();
    thread.postMessage(null);
    await exited;
  }

  private ensureThread(): Worker | null {
    if (this.thread || this.failed) return this.thread;
    const thread = startThread('status-thread', { catalogFile: this.o.catalogFile, nativeBinding: this.o.nativeBinding });
    thread.unref();
    thread.on('message', (r: StatusCountsReply) => {
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if (r.ok) w?.resolve(r.counts);
      else w?.reject(new Error(r.message));
    });
    const fail = (why: string): void => {
      if (this.thread === thread) {
        this.thread = null;
        this.failed = true;
      }
      for (const w of this.waiting.values()) w.reject(new Error(why));
      this.waiting.clear();
    };
    thread.on('error', (err) => fail(err.message));
    thread.on('exit', (code) => fail(`the status thread exited (${code})`));
    this.thread = thread;
    return thread;
  }
}
