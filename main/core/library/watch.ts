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
  /** Resolves once the initial crawl is done and events are being delivered. */
  readonly ready: Promise<void>;
  private readonly watcher: FSWatcher;
  private pending: WatchBatch | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: FolderWatcherOptions) {
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
    this.ready = new Promise((resolve) => this.watcher.once('ready', () => resolve()));
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

  /** Stops watching; waiting events are dropped (the next scan reconciles them). */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = null;
    await this.watcher.close();
  }
}
