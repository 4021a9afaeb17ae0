/** The suggestion thread seen from the API's side: starts it, runs passes in it, forwards pause, resume and stop. */
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { startThreadOf } from '../jobs/worker-entry.js';
import type { ModelFolder } from '../ml/model-folder.js';
import type { ProviderSetting } from '../ml/session.js';
import type { PassPlan } from './suggest-pass.js';

/** Main → thread. */
export type ToSuggestThread =
  | { type: 'run'; id: number; plan: PassPlan }
  | { type: 'embed'; id: number; folder: ModelFolder; provider: ProviderSetting; texts: string[] }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' }
  | { type: 'close' };

/** Thread → main. */
export type FromSuggestThread =
  | { type: 'ready' }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'done'; id: number; photos: number; suggestions: number }
  | { type: 'embedded'; id: number; vectors: Float32Array[] }
  | { type: 'error'; id: number; message: string };

/** Starts the thread (the bundled `suggest-worker.cjs` beside a build, else the TypeScript source). */
function startWorker(data: Record<string, unknown>): Worker {
  return startThreadOf('suggest-worker', fileURLToPath(new URL('./suggest-worker.ts', import.meta.url)), data);
}

/** A pass's result. */
export interface PassOutcome {
  photos: number;
  suggestions: number;
}

/** One worker thread that runs suggestion passes one after another on its own catalog connection. */
export class SuggestThread {
  private next = 1;
  private readonly pending = new Map<
    number,
    { resolve(v: never): void; reject(e: Error): void; progress?(done: number, total: number): void }
  >();

  constructor(private readonly worker: Worker) {
    worker.on('message', (m: FromSuggestThread) => {
      if (m.type === 'ready') return;
      const p = this.pending.get(m.id);
      if (m.type === 'progress') return p?.progress?.(m.done, m.total);
      this.pending.delete(m.id);
      if (m.type === 'done') p?.resolve({ photos: m.photos, suggestions: m.suggestions } as never);
      else if (m.type === 'embedded') p?.resolve(m.vectors as never);
      else p?.reject(new Error(m.message));
    });
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', () => this.failAll(new Error('The suggestion thread stopped')));
  }

  /** Starts the thread over the catalog at `catalogFile`. */
  static start(catalogFile: string, opts: { nativeBinding?: string; threads: number }): SuggestThread {
    return new SuggestThread(startWorker({ catalogFile, nativeBinding: opts.nativeBinding, threads: opts.threads }));
  }

  /** Runs one pass; `onProgress` hears photos done of total. */
  run(plan: PassPlan, onProgress: (done: number, total: number) => void): Promise<PassOutcome> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, progress: onProgress });
      this.worker.postMessage({ type: 'run', id, plan } satisfies ToSuggestThread);
    });
  }

  /**
   * Embeds texts with the model's text tower, opened in the thread (and closed when the next pass starts): the
   * prompts of a new model never hold the API's event loop for an inference.
   */
  embed(folder: ModelFolder, provider: ProviderSetting, texts: string[]): Promise<Float32Array[]> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'embed', id, folder, provider, texts } satisfies ToSuggestThread);
    });
  }

  pause(): void {
    this.worker.postMessage({ type: 'pause' } satisfies ToSuggestThread);
  }

  resume(): void {
    this.worker.postMessage({ type: 'resume' } satisfies ToSuggestThread);
  }

  /** Ends the pass under way after its current page. */
  stop(): void {
    this.worker.postMessage({ type: 'stop' } satisfies ToSuggestThread);
  }

  /** Finishes the current page, closes the thread's catalog connection and ends the thread. */
  async close(): Promise<void> {
    const exited = new Promise<void>((r) => this.worker.once('exit', () => r()));
    this.worker.postMessage({ type: 'close' } satisfies ToSuggestThread);
    await exited;
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
