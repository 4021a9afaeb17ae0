/** Runs indexing in a child process (off the API's event loop), restarts it after a crash, and reports progress. */
import { fork, type ChildProcess } from 'node:child_process';
import type { JobProgress } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import { countJobs } from '../catalog/jobs.js';
import type { Logger } from '../ports.js';
import { RateMeter } from './progress.js';
import { indexWorkerEntry, type WorkerEntry } from './worker-entry.js';
import type { FromWorker, IndexWorkerConfig, ToWorker } from './worker-messages.js';

/** The model the indexer embeds with. */
export interface IndexModel {
  id: string;
  dir: string;
  precision?: IndexWorkerConfig['precision'];
}

/** Wiring for {@link Indexer}. */
export interface IndexerOptions {
  db: Db;
  log: Logger;
  catalogFile: string;
  thumbsDir: string;
  nativeBinding?: string;
  provider: () => IndexWorkerConfig['provider'];
  onEmbedded(photoId: number, vector: Float32Array, modelId: string): void;
  onProgress(p: JobProgress): void;
  entry?: WorkerEntry;
  /** Restarts allowed after the child dies unexpectedly, per run. */
  maxRestarts?: number;
}

/**
 * [Note: Indexing off the event loop]
 * Decoding and inference run in a forked child with its own SQLite connection (WAL lets both write). The API process
 * only receives small messages, so its event loop stays responsive. A child killed at any moment loses nothing:
 * every photo's result and its job's removal commit together, and `requeueRunning` at the next start picks up the rest.
 */
export class Indexer {
  private child: ChildProcess | null = null;
  private model: IndexModel | null = null;
  private paused = false;
  private done = 0;
  private errors = 0;
  private restarts = 0;
  private provider: string | null = null;
  private readonly meter = new RateMeter();
  private idleWaiters: (() => void)[] = [];
  private lastEmit = 0;
  private preparing: JobProgress['preparing'] = null;

  constructor(private readonly o: IndexerOptions) {}

  /** Sets the model to embed with (null: none installed). Restarts a running child on a change. */
  setModel(model: IndexModel | null): void {
    const changed = model?.id !== this.model?.id || model?.dir !== this.model?.dir || model?.precision !== this.model?.precision;
    this.model = model;
    if (changed && this.child) this.stopChild();
    this.kick();
  }

  /** Starts a child if work is queued for the current model and none is running. */
  kick(): void {
    if (this.child || this.paused || !this.model) return this.settleIfIdle();
    const left = countJobs(this.o.db, this.model.id);
    if (left.queued + left.running === 0) return this.settleIfIdle();
    this.spawn(this.model);
  }

  pause(): JobProgress {
    this.paused = true;
    this.send({ type: 'pause' });
    return this.emitProgress(true);
  }

  resume(): JobProgress {
    this.paused = false;
    if (this.child) this.send({ type: 'resume' });
    else this.kick();
    return this.emitProgress(true);
  }

  /** Reports the int8 preparation that runs before indexing (null when it is over). */
  setPreparing(p: JobProgress['preparing']): void {
    this.preparing = p;
    this.emitProgress(p === null);
  }

  /** The running child's pid (null when none runs): for diagnostics and crash tests. */
  get childPid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Stops the child, then empties the queue with `dropQueue` (after the child is gone, so nothing races it). */
  async cancel(dropQueue: () => number): Promise<void> {
    const child = this.child;
    if (child) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      this.stopChild();
      await exited;
    }
    const dropped = dropQueue();
    this.o.log.info('Indexing cancelled', { dropped });
    this.meter.reset();
    this.settleIfIdle();
  }

  /** Current progress (done, total, rate, ETA, provider). */
  progress(): JobProgress {
    const counts = this.model ? countJobs(this.o.db, this.model.id) : { queued: 0, running: 0 };
    const remaining = counts.queued + counts.running;
    const running = this.child !== null || remaining > 0;
    return {
      state: this.paused ? 'paused' : (running && this.model) || this.preparing ? 'running' : 'idle',
      done: this.done,
      total: this.done + remaining,
      errors: this.errors,
      rate: Math.round(this.meter.rate() * 10) / 10,
      etaSeconds: this.meter.eta(remaining),
      provider: this.provider,
      modelId: this.model?.id ?? null,
      preparing: this.preparing,
    };
  }

  /** Resolves when no child runs and nothing is queued for the current model (or indexing is paused). */
  idle(): Promise<void> {
    if (!this.child) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops the child (its claimed jobs are requeued by the next run) and waits for it to exit. */
  async close(): Promise<void> {
    this.model = null;
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    this.stopChild();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  private spawn(model: IndexModel): void {
    const entry = this.o.entry ?? indexWorkerEntry();
    const child = fork(entry.file, [], {
      execArgv: entry.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 2, 'inherit', 'ipc'], // the child's stdout goes to stderr: native decoders' text never mixes into --json output
    });
    this.child = child;
    const config: IndexWorkerConfig = {
      catalogFile: this.o.catalogFile,
      nativeBinding: this.o.nativeBinding,
      modelId: model.id,
      modelDir: model.dir,
      precision: model.precision,
      provider: this.o.provider(),
      thumbsDir: this.o.thumbsDir,
    };
    child.on('message', (m: FromWorker) => this.onMessage(m, model.id));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    this.send({ type: 'start', config });
    if (this.paused) this.send({ type: 'pause' });
  }

  private onMessage(m: FromWorker, modelId: string): void {
    if (m.type === 'ready') {
      this.provider = m.provider;
      this.o.log.info('Indexer ready', { provider: m.provider, maxBatch: m.maxBatch });
    } else if (m.type === 'embedded') {
      this.done++;
      this.meter.record(this.done);
      this.o.onEmbedded(m.photoId, m.vector, modelId);
      this.emitProgress(false);
    } else if (m.type === 'failed') {
      this.done++;
      this.errors++;
      this.meter.record(this.done);
      this.emitProgress(false);
    } else if (m.type === 'idle') {
      const { busyMs, spanMs } = m.model;
      this.o.log.info('Index run finished', { modelBusyMs: Math.round(busyMs), modelSpanMs: Math.round(spanMs), modelBusy: spanMs > 0 ? busyMs / spanMs : null });
    } else if (m.type === 'fatal') {
      this.o.log.error('Indexing could not start', { message: m.message });
      this.restarts = Number.POSITIVE_INFINITY;
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = null;
    const crashed = code !== 0 && this.model !== null;
    if (crashed) {
      this.o.log.warn('Indexing process ended unexpectedly', { code, signal });
      if (this.restarts++ < (this.o.maxRestarts ?? 3)) {
        setTimeout(() => this.kick(), 500 * this.restarts);
        return;
      }
    } else {
      this.restarts = 0;
      // Work may have been queued while the child was finishing.
      if (this.model && !this.paused) return this.kick();
    }
    this.emitProgress(true);
    this.settleIfIdle();
  }

  private settleIfIdle(): void {
    if (this.child) return;
    this.emitProgress(true);
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }

  private stopChild(): void {
    this.send({ type: 'stop' });
    this.child?.disconnect();
    this.child = null;
  }

  private send(m: ToWorker): void {
    if (this.child?.connected) this.child.send(m);
  }

  private emitProgress(force: boolean): JobProgress {
    const p = this.progress();
    const now = Date.now();
    if (force || now - this.lastEmit > 250) {
      this.lastEmit = now;
      this.o.onProgress(p);
    }
    return p;
  }
}
