/** The API side of the scan thread: starts it on first use, batches a search's frozen-block scans into one request, matches answers. */
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { startThreadOf } from '../jobs/worker-entry.js';
import type { SketchResult } from './sketch-scan.js';
import type { FromScanThread, ScanItem, ScanThreadData, ToScanThread } from './scan-thread.js';

type Request = ToScanThread extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

/** What the frozen-block scans of one batch share: a search (query, k, sample stride) or a count (query, threshold). */
type BatchHead = Omit<Extract<Request, { type: 'scan' }>, 'items'> | Omit<Extract<Request, { type: 'count' }>, 'items'>;

/** Block scans asked for in one turn of the event loop with the same head: sent to the thread as one request. */
interface Batch {
  head: BatchHead;
  items: ScanItem[];
  waiting: { resolve(m: FromScanThread, i: number): void; reject(err: Error): void }[];
}

/** One scan thread: frozen blocks are built and scanned there (see scan-thread.ts). */
export class ScanThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(m: FromScanThread): void; reject(err: Error): void }>();
  private batch: Batch | null = null;
  /** Why the thread is gone, once it is (every later request fails with it). */
  private dead: string | null = null;

  constructor(private readonly data: ScanThreadData) {}

  /**
   * Builds a frozen block in the thread from a copy of its column-major `codes` (handed over, not copied again) with
   * its `scales` and base `bias`; resolves with the block's id there.
   */
  async freeze(codes: Int8Array, capacity: number, scales: Float32Array, bias: Float32Array): Promise<number> {
    const transfer = codes.byteOffset === 0 && codes.byteLength === codes.buffer.byteLength ? [codes.buffer as ArrayBuffer] : [];
    const m = await this.request({ type: 'freeze', codes, capacity, scales, bias }, transfer);
    return (m as Extract<FromScanThread, { type: 'frozen' }>).frozenId;
  }

  /**
   * Ranks a frozen block against `query` (the best `k` rows and the scores of every `stride`-th column); `bias` null
   * uses the bias the thread holds for it (`keep` replaces that). Scans asked for in the same turn with the same
   * query, k and stride travel together, so the sketch shortlist is taken over all of them (see sketch-scan.ts).
   */
  scan(item: ScanItem, query: Uint8Array, k: number, stride: number): Promise<SketchResult> {
    return this.enqueue(
      { type: 'scan', query, k, stride },
      item,
      (m, i) => (m as Extract<FromScanThread, { type: 'scanned' }>).results[i]!,
    );
  }

  /** How many allowed rows of a frozen block score at least `threshold` (raw score × `factor`). */
  count(item: ScanItem, query: Uint8Array, factor: number, threshold: number): Promise<number> {
    return this.enqueue(
      { type: 'count', query, factor, threshold },
      item,
      (m, i) => (m as Extract<FromScanThread, { type: 'counted' }>).counts[i]!,
    );
  }

  /** Frees a frozen block in the thread. */
  async release(frozenId: number): Promise<void> {
    await this.request({ type: 'release', frozenId });
  }

  private enqueue<T>(head: BatchHead, item: ScanItem, pick: (m: FromScanThread, i: number) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.batch && !sameHead(this.batch.head, head)) this.flush();
      if (!this.batch) {
        this.batch = { head, items: [], waiting: [] };
        queueMicrotask(() => this.flush());
      }
      this.batch.items.push(item);
      this.batch.waiting.push({ resolve: (m, i) => resolve(pick(m, i)), reject });
    });
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = null;
    if (!batch) return;
    this.request({ ...batch.head, items: batch.items }).then(
      (m) => batch.waiting.forEach((w, i) => w.resolve(m, i)),
      (err: Error) => batch.waiting.forEach((w) => w.reject(err)),
    );
  }

  private request(req: Request, transfer: ArrayBuffer[] = []): Promise<FromScanThread> {
    if (this.dead) return Promise.reject(new Error(this.dead));
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<FromScanThread>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref(); // a search waiting for its scan keeps a CLI process alive; an idle thread never does
      worker.postMessage({ ...req, id }, transfer);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startThreadOf('scan-thread', fileURLToPath(new URL('./scan-thread.ts', import.meta.url)), { ...this.data });
    worker.unref();
    worker.on('message', (m: FromScanThread) => {
      const waiting = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (!waiting) return;
      if (m.type === 'failed') waiting.reject(new Error(m.message));
      else waiting.resolve(m);
    });
    const die = (why: string): void => {
      this.dead = why;
      for (const w of this.pending.values()) w.reject(new Error(why));
      this.pending.clear();
    };
    worker.on('error', (err) => die(`the search's scan thread failed: ${err.message}`));
    worker.on('exit', (code) => die(`the search's scan thread stopped (exit code ${code})`));
    this.worker = worker;
    return worker;
  }
}

function sameHead(a: BatchHead, b: BatchHead): boolean {
  if (a.type === 'scan' && b.type === 'scan') return a.query === b.query && a.k === b.k && a.stride === b.stride;
  if (a.type === 'count' && b.type === 'count') return a.query === b.query && a.factor === b.factor && a.threshold === b.threshold;
  return false;
}
