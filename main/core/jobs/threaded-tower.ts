/** The vision tower behind a worker thread, with the same surface the index loop uses. */
import type { Worker } from 'node:worker_threads';
import type { ModelFolder } from '../ml/model-folder.js';
import type { ProviderSetting } from '../ml/session.js';
import { startThread } from './worker-entry.js';

/** What the index loop needs of a vision tower (the in-thread VisionTower has the same shape). */
export interface EmbeddingTower {
  readonly provider: string;
  readonly imageSize: number;
  readonly dim: number;
  readonly maxBatch: number;
  embed(tensors: Float32Array[]): Promise<Float32Array[]>;
  release(): Promise<void>;
}

/** How busy the model was: time spent running (overlaps counted once) over the span from first run to last. */
export interface ModelBusy {
  busyMs: number;
  spanMs: number;
}

/** Main → thread. */
export type ToVisionThread = { type: 'embed'; id: number; tensors: Float32Array[] } | { type: 'close' };
/** Thread → main. */
export type FromVisionThread =
  | { type: 'ready'; provider: string; maxBatch: number; dim: number; imageSize: number }
  | { type: 'failed'; message: string }
  | { type: 'embedded'; id: number; vectors: Float32Array[]; model: ModelBusy }
  | { type: 'error'; id: number; message: string };

/**
 * [Note: Inference on its own thread]
 * onnxruntime-node's `session.run` holds the calling JavaScript thread for the whole inference (measured: a 289 ms
 * run delayed the event loop by 301 ms). On the loop's thread that would stall every decode step waiting for a
 * callback, so decode could not overlap inference. The tower therefore lives on a worker thread; tensors go over
 * by transfer, not copy.
 */
export class ThreadedTower implements EmbeddingTower {
  /** The model's busy time so far (as of the latest result). */
  busy: ModelBusy = { busyMs: 0, spanMs: 0 };
  private next = 1;
  private readonly pending = new Map<number, { resolve(v: Float32Array[]): void; reject(e: Error): void }>();

  private constructor(
    private readonly worker: Worker,
    readonly provider: string,
    readonly maxBatch: number,
    readonly dim: number,
    readonly imageSize: number,
  ) {
    worker.on('message', (m: FromVisionThread) => {
      if (m.type !== 'embedded' && m.type !== 'error') return;
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.type === 'embedded') {
        this.busy = m.model;
        p?.resolve(m.vectors);
      } else p?.reject(new Error(m.message));
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => this.failAll(new Error('The inference thread stopped')));
  }

  /** Starts the thread and opens the folder's vision tower in it. */
  static open(folder: ModelFolder, opts: { provider: ProviderSetting; threads?: number }): Promise<ThreadedTower> {
    const worker = startThread('vision-thread', { folder, ...opts });
    return new Promise((resolve, reject) => {
      const onMessage = (m: FromVisionThread): void => {
        if (m.type === 'ready') resolve(new ThreadedTower(worker, m.provider, m.maxBatch, m.dim, m.imageSize));
        else if (m.type === 'failed') reject(new Error(m.message));
        else return;
        worker.off('message', onMessage);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  }

  embed(tensors: Float32Array[]): Promise<Float32Array[]> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(
        { type: 'embed', id, tensors } satisfies ToVisionThread,
        tensors.map((t) => t.buffer as ArrayBuffer),
      );
    });
  }

  async release(): Promise<void> {
    const exited = new Promise<void>((r) => this.worker.once('exit', () => r()));
    this.worker.postMessage({ type: 'close' } satisfies ToVisionThread);
    await exited;
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
