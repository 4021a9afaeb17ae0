/** The API side of the scan thread: starts it on first use, matches answers to requests, keeps the process alive only while waiting. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BlockScan } from './scan-session.js';
import type { FromScanThread, ScanThreadData, ToScanThread } from './scan-thread.js';

function here(): string {
  return typeof __dirname !== 'undefined' ? __dirname : dirname(fileURLToPath(import.meta.url));
}

type Request = ToScanThread extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

/** One scan thread: frozen blocks are built and scanned there (see scan-thread.ts). */
export class ScanThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(m: FromScanThread): void; reject(err: Error): void }>();
  /** Why the thread is gone, once it is (every later request fails with it). */
  private dead: string | null = null;

  constructor(private readonly data: ScanThreadData) {}

  /** Hands `codes` (a copy the thread may keep) to the thread; resolves with the frozen block's id there. */
  async freeze(capacity: number, codes: Int8Array): Promise<number> {
    const m = await this.request({ type: 'freeze', capacity, codes }, [codes.buffer as ArrayBuffer]);
    return (m as Extract<FromScanThread, { type: 'frozen' }>).frozenId;
  }

  /** Scores frozen block `frozenId` against `query` with `bias` and returns its top `k` columns. */
  async scan(frozenId: number, query: Uint8Array, scales: Float32Array, bias: Float32Array, k: number): Promise<BlockScan> {
    const m = (await this.request({ type: 'scan', frozenId, query, scales, bias, k })) as Extract<FromScanThread, { type: 'scanned' }>;
    return { scores: m.scores, topValues: m.topValues, topColumns: m.topColumns };
  }

  /** Frees a frozen block's session in the thread. */
  async release(frozenId: number): Promise<void> {
    await this.request({ type: 'release', frozenId });
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
    const dir = here();
    const bundled = join(dir, 'scan-thread.cjs');
    const worker = existsSync(bundled)
      ? new Worker(bundled, { workerData: this.data })
      : new Worker(join(dir, '..', 'jobs', 'ts-thread.mjs'), {
          workerData: { ...this.data, tsEntry: pathToFileURL(join(dir, 'scan-thread.ts')).href },
        });
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
