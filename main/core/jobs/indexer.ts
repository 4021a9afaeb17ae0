/** Runs indexing in a child process (off the API's event loop), restarts it after a crash, and reports progress. */
import { backoffDelay } from '../backoff.js';
import { fork, type ChildProcess } from 'node:child_process';
import type { JobProgress } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import { countJobs } from '../catalog/jobs.js';
import type { Logger } from '../ports.js';
import { RateMeter } from './progress.js';
import { providerNote } from '../ml/provider-options.js';
import { recordCrash } from './crash-quarantine.js';
import { MEDIA_KEY } from './media-jobs.js';
import { coveredCount } from './coverage.js';
import { indexWorkerEntry, type WorkerEntry } from './worker-entry.js';
import type { FromWorker, IndexWorkerConfig, ToWorker } from './worker-messages.js';

/** Restarts of a crashed index child wait 0.5, 1, 2 s … (reset once the queue moves again). */
const RESTART_BACKOFF = { baseMs: 500, maxMs: 8000 };

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
  /** False for one-off CLI commands: queued work waits for the app, `watch` or `index` (default true). */
  startsChildren?: boolean;
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
  /** Photos of the current key covered before the running child started, and done/failed by it since. */
  private coveredBefore = 0;
  private done = 0;
  private errors = 0;
  private restarts = 0;
  /** A stopped child that has not exited yet: no new child starts before it is gone (it could requeue our jobs). */
  private exiting: Promise<void> | null = null;
  /** A restart after a crash, waiting out its back-off. */
  private restartTimer: NodeJS.Timeout | null = null;
  /** Why indexing cannot go on, in plain words (null while it can). */
  private problem: string | null = null;
  private closed = false;
  private provider: string | null = null;
  private readonly meter = new RateMeter();
  private idleWaiters: (() => void)[] = [];
  private lastEmit = 0;
  private preparing: JobProgress['preparing'] = null;

  constructor(private readonly o: IndexerOptions) {}

  /**
   * Sets the model to embed with (null: none usable yet, so photos are only read: thumbnail + metadata). Restarts a
   * running child on a change, or when `restart` says the provider setting changed.
   */
  setModel(model: IndexModel | null, restart = false): void {
    const changed = model?.id !== this.model?.id || model?.dir !== this.model?.dir || model?.precision !== this.model?.precision;
    this.model = model;
    if ((changed || restart) && this.child) this.stopChild();
    this.kick();
  }

  /** Why the provider in use is not the one chosen, in plain words, or null. */
  providerNote(): string | null {
    return providerNote(this.o.provider(), this.provider);
  }

  /** The embedding key of the model the indexer embeds with, or null while it only reads photos. */
  embeddingKey(): string | null {
    return this.model?.id ?? null;
  }

  /** The queue key the indexer works on: the model's embedding key, or reading without a model. */
  private key(): string {
    return this.model?.id ?? MEDIA_KEY;
  }

  /** Starts a child if work is queued for the current key and none is running. */
  kick(): void {
    if (this.closed || this.exiting || this.restartTimer) return;
    if (this.child || this.paused || this.o.startsChildren === false) return this.settleIfIdle();
    const left = countJobs(this.o.db, this.key());
    if (left.queued + left.running === 0) return this.settleIfIdle();
    this.spawn(this.model);
  }

  pause(): JobProgress {
    this.paused = true;
    this.send({ type: 'pause' });
    return this.publish();
  }

  resume(): JobProgress {
    this.paused = false;
    if (this.child) this.send({ type: 'resume' });
    else this.kick();
    return this.publish();
  }

  /** Reports the int8 preparation that runs before indexing (null when it is over). */
  setPreparing(p: JobProgress['preparing']): void {
    this.preparing = p;
    if (p === null) this.publish();
    else this.publishSoon();
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

  /**
   * Current progress: `done` of `total` counts photos of the library (present ones covered by the current key, or
   * read when there is no model), so the total never exceeds the library; rate and ETA of this run; the provider.
   */
  progress(): JobProgress {
    const counts = countJobs(this.o.db, this.key());
    const remaining = counts.queued + counts.running;
    const running = this.child !== null || remaining > 0;
    const done = this.child ? this.coveredBefore + this.done : coveredCount(this.o.db, this.key());
    return {
      state: this.paused ? 'paused' : running || this.preparing ? 'running' : 'idle',
      stage: this.model ? 'embedding' : 'reading',
      done,
      total: done + remaining,
      errors: this.errors,
      rate: Math.round(this.meter.rate() * 10) / 10,
      etaSeconds: this.meter.eta(remaining),
      provider: this.provider,
      modelId: this.model?.id ?? null,
      preparing: this.preparing,
      problem: this.problem,
    };
  }

  /** Resolves when no child runs and nothing is queued for the current model (or indexing is paused). */
  idle(): Promise<void> {
    if (!this.child && !this.exiting && !this.restartTimer) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops the child (its claimed jobs are requeued by the next run) and waits for it to exit. */
  async close(): Promise<void> {
    this.closed = true;
    this.model = null;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    if (!child) return void (await this.exiting);
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    this.stopChild();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  private spawn(model: IndexModel | null): void {
    const key = this.key();
    this.coveredBefore = coveredCount(this.o.db, key);
    this.done = 0;
    this.errors = 0;
    this.meter.reset();
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
      modelId: key,
      modelDir: model?.dir ?? null,
      precision: model?.precision,
      provider: this.o.provider(),
      thumbsDir: this.o.thumbsDir,
    };
    child.on('message', (m: FromWorker) => this.onMessage(m, key));
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    this.send({ type: 'start', config });
    if (this.paused) this.send({ type: 'pause' });
  }

  private onMessage(m: FromWorker, modelId: string): void {
    if (m.type === 'ready') {
      if (m.provider !== null) this.provider = m.provider;
      this.o.log.info('Indexer ready', { provider: m.provider, maxBatch: m.maxBatch, decodeThreadsLowered: m.decodeThreadsLowered });
    } else if (m.type === 'read') {
      this.done++;
      this.meter.record(this.done);
      this.publishSoon();
    } else if (m.type === 'embedded') {
      this.done++;
      this.meter.record(this.done);
      this.o.onEmbedded(m.photoId, m.vector, modelId);
      this.publishSoon();
    } else if (m.type === 'failed') {
      this.done++;
      this.errors++;
      this.meter.record(this.done);
      this.publishSoon();
    } else if (m.type === 'waiting') {
      if ((m.problem === null) !== (this.problem === null)) this.o.log.warn(m.problem ?? 'Indexing goes on after waiting', {});
      this.problem = m.problem;
      this.publish();
    } else if (m.type === 'warning') {
      this.o.log.warn(m.message, { photoId: m.photoId });
    } else if (m.type === 'idle') {
      const { busyMs, spanMs } = m.model;
      this.o.log.info('Index run finished', {
        modelBusyMs: Math.round(busyMs),
        modelSpanMs: Math.round(spanMs),
        modelBusy: spanMs > 0 ? busyMs / spanMs : null,
      });
    } else if (m.type === 'fatal') {
      this.o.log.error('Indexing could not start', { message: m.message });
      this.problem = `Indexing could not start: ${m.message}`;
      this.restarts = Number.POSITIVE_INFINITY;
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = null;
    const crashed = code !== 0;
    if (crashed) {
      this.o.log.warn('Indexing process ended unexpectedly', { code, signal });
      const aside = recordCrash(this.o.db);
      if (aside.length > 0) this.o.log.warn('Photos set aside after crashing the indexing process', { photoIds: aside });
      // Progress made since the last crash (or a photo set aside) means the queue moves: the back-off starts over.
      if (this.done > 0 || aside.length > 0) this.restarts = 0;
      if (this.restarts++ < (this.o.maxRestarts ?? 3)) {
        this.restartTimer = setTimeout(
          () => {
            this.restartTimer = null;
            this.kick();
          },
          backoffDelay(this.restarts - 1, RESTART_BACKOFF),
        );
        return;
      }
      this.problem ??= `Indexing stopped: its process ended unexpectedly ${this.restarts} times in a row (${signal ?? `exit code ${code}`}). Restart Shoebox to try again.`;
    } else {
      this.restarts = 0;
      this.problem = null;
      // Work may have been queued while the child was finishing.
      if (!this.paused) return this.kick();
    }
    this.publish();
    this.settleIfIdle();
  }

  private settleIfIdle(): void {
    if (this.child) return;
    this.publish();
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }

  private stopChild(): void {
    const child = this.child;
    if (!child) return;
    this.send({ type: 'stop' });
    if (child.exitCode === null && child.signalCode === null) {
      const exiting: Promise<void> = new Promise<void>((r) => child.once('exit', () => r())).then(() => {
        if (this.exiting === exiting) this.exiting = null;
        this.kick();
      });
      this.exiting = exiting;
    }
    child.disconnect();
    this.child = null;
  }

  private send(m: ToWorker): void {
    const child = this.child;
    if (!child?.connected) return;
    // A child that is dying can close its pipe between the check and the write (EPIPE): its exit handler does the
    // rest, so the failed message is only logged (without a callback it would be an unhandled 'error' event).
    child.send(m, (err) => {
      if (err)
        this.o.log.info('A message to the index child was not delivered: it is stopping', {
          type: m.type,
          code: (err as NodeJS.ErrnoException).code,
        });
    });
  }

  /** Sends the current progress now and returns it. */
  private publish(): JobProgress {
    const p = this.progress();
    this.lastEmit = Date.now();
    this.o.onProgress(p);
    return p;
  }

  /**
   * Sends the progress at most every 250 ms: per photo this is the hot path, so the counting queries behind
   * {@link progress} run only when something is sent.
   */
  private publishSoon(): void {
    if (Date.now() - this.lastEmit > 250) this.publish();
  }
}
