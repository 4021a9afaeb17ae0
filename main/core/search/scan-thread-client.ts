/** The API side of the scan thread: starts it on first use, batches a search's block scans into one request, matches answers. */
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { startThreadOf } from '../jobs/worker-entry.js';
import type { BlockScan } from './scan-session.js';
import type { FromScanThread, ScanItem, ScanThreadData, ToScanThread } from './scan-thread.js';

type Request = ToScanThread extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

/** Block scans asked for in one turn of the event loop with the same query: sent to the thread as one request. */
interface Batch {
  query: Uint8Array;
  k: number;
  items: ScanItem[];
  waiting: { resolve(r: BlockScan): void; reject(err: Error): void }[];
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
   * Builds a frozen block's session in the thread from `model` (the scan graph with the codes inside, handed over,
   * not copied) with its `scales` and base `bias`; resolves with the block's id there.
   */
  async freeze(model: Uint8Array, scales: Float32Array, bias: Float32Array): Promise<number> {
    const transfer = model.byteOffset === 0 && model.byteLength === model.buffer.byteLength ? [model.buffer as ArrayBuffer] : [];
    const m = await this.request({ type: 'freeze', model, scales, bias }, transfer);
    return (m as Extract<FromScanThread, { type: 'frozen' }>).frozenId;
  }

  /**
   * Scores a frozen block against `query`; `bias` null uses the bias the thread holds for it (`keep` replaces that).
   * Scans asked for in the same turn with the same query and k travel together and come back together.
   */
  scan(item: ScanItem, query: Uint8Array, k: number): Promise<BlockScan> {
    return new Promise<BlockScan>((resolve, reject) => {
      if (this.batch && (this.batch.query !== query || this.batch.k !== k)) this.flush();
      if (!this.batch) {
        this.batch = { query, k, items: [], waiting: [] };
        queueMicrotask(() => this.flush());
      }
      this.batch.items.push(item);
      this.batch.waiting.push({ resolve, reject });
    });
  }

  /** Frees a frozen block's session in the thread. */
  async release(frozenId: number): Promise<void> {
    await this.request({ type: 'release', frozenId });
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = null;
    if (!batch) return;
    this.request({ type: 'scan', query: batch.query, k: batch.k, items: batch.items }).then(
      (m) => {
        const results = (m as Extract<FromScanThread, { type: 'scanned' }>).results;
        batch.waiting.forEach((w, i) => w.resolve(results[i]!));
      },
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
