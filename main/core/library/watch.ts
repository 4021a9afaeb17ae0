/** One chokidar watcher per library root, collecting events into debounced batches for the library to apply. */
import { watch, type FSWatcher } from 'chokidar';
import { basename } from 'node:path';
import { isIgnoredName } from './file-kinds.js';

/** Paths touched since the last batch. Files are re-stat'ed when applied, so the event kind does not matter. */
export interface WatchBatch {
  files: Set<string>;
  dirsAdded: Set<string>;
  dirsRemoved: Set<string>;
}

/** How to watch one root and where its batches go. */
export interface FolderWatcherOptions {
  root: string;
  polling: boolean;
  pollIntervalMs: number;
  debounceMs: number;
  onBatch(batch: WatchBatch): void;
  onError(err: Error): void;
}

/** A running watcher for one root. */
export class FolderWatcher {
  /** Resolves once the initial crawl is done and events are being delivered, or once the watcher is closed. */
  readonly ready: Promise<void>;
  private markReady!: () => void;
  private readonly watcher: FSWatcher;
  private pending: WatchBatch | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: FolderWatcherOptions) {
    // A watcher closed during its initial crawl never emits 'ready', so close() settles this too.
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.watcher = watch(opts.root, {
      ignoreInitial: true,
      persistent: true,
      // Following links would multiply watches through a symlink loop (and soon exhaust inotify); a new link to a
      // folder arrives as one path that the library walks, and scans cover later changes behind links.
      followSymlinks: false,
      ignorePermissionErrors: true,
      ignored: (path: string) => path !== opts.root && isIgnoredName(basename(path)),
      awaitWriteFinish: { stabilityThreshold: 200, pollInterval: 50 },
      usePolling: opts.polling,
      interval: opts.pollIntervalMs,
      binaryInterval: opts.pollIntervalMs,
    });
    this.watcher.once('ready', () => this.markReady());
    this.watcher.on('add', (p) => this.note('files', p));
    this.watcher.on('change', (p) => this.note('files', p));
    this.watcher.on('unlink', (p) => this.note('files', p));
    this.watcher.on('addDir', (p) => this.note('dirsAdded', p));
    this.watcher.on('unlinkDir', (p) => this.note('dirsRemoved', p));
    this.watcher.on('error', (err) => opts.onError(err instanceof Error ? err : new Error(String(err))));
  }

  private note(kind: keyof WatchBatch, path: string): void {
    this.pending ??= { files: new Set(), dirsAdded: new Set(), dirsRemoved: new Set() };
    this.pending[kind].add(path);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flushNow(), this.opts.debounceMs);
  }

  /** Whether events are waiting for their debounce to end. */
  hasPending(): boolean {
    return this.pending !== null;
  }

  /** Hands the waiting events over now instead of after the debounce. */
  flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = null;
    if (batch) this.opts.onBatch(batch);
  }

  /** Stops watching, also mid-crawl; waiting events are dropped (the next scan reconciles them). */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    const closing = this.watcher.close();
    // close() removed every listener, yet a crawl step already under way can still report an error: without a
    // listener, EventEmitter would throw it as an unhandled 'error' event.
    this.watcher.on('error', () => undefined);
    this.markReady();
    await closing;
  }
}
