/**
 * Keeps every online library root watched in the right mode (events, polling or rescans), turns watcher batches
 * into catalog changes, falls back to rescans when the OS runs out of watches, and notices roots that go offline
 * or come back (a periodic health check, since a vanished root sends no reliable event).
 */
import type { WatchMode } from '../../../preload/contract.js';
import { getFolderRow, listFolderRows, updateFolder, type FolderRow } from '../catalog/folders.js';
import { applyWatchBatch } from './apply-events.js';
import type { LibraryContext } from './context.js';
import { startRescans } from './rescan-timer.js';
import { scanFolder, setOffline } from './scan.js';
import type { SerialQueue } from './serial-queue.js';
import { checkRoot } from './volumes.js';
import { decideWatchMode, isWatchLimitError, watchLimitDecision } from './watch-mode.js';
import { FolderWatcher, type WatchBatch } from './watch.js';

/** Timings and overrides for watching. */
export interface WatchSettings {
  /** Force a mode for every folder (tests, or a person's choice for odd file systems). */
  forceWatchMode?: 'polling' | 'rescan';
  pollIntervalMs: number;
  rescanIntervalMs: number;
  healthCheckMs: number;
  debounceMs: number;
}

interface Running {
  watcher: FolderWatcher | null;
  stopRescans: (() => void) | null;
}

/** Watches the library's roots while active. All catalog work goes through the library's serial queue. */
export class WatchSupervisor {
  private readonly running = new Map<number, Running>();
  private health: NodeJS.Timeout | null = null;
  private tickQueued = false;
  private active = false;

  constructor(
    private readonly ctx: LibraryContext,
    private readonly queue: SerialQueue,
    private readonly settings: WatchSettings,
  ) {}

  /** Whether watching is on. */
  get isActive(): boolean {
    return this.active;
  }

  /** Starts watching every online root and the periodic health check. */
  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    for (const folder of listFolderRows(this.ctx.db)) if (folder.status === 'online') await this.watchFolder(folder);
    this.health = setInterval(() => this.queueHealthTick(), this.settings.healthCheckMs);
    this.health.unref();
  }

  /** Stops every watcher and timer (waits for chokidar to close). */
  async stop(): Promise<void> {
    this.active = false;
    if (this.health) clearInterval(this.health);
    this.health = null;
    for (const id of [...this.running.keys()]) await this.unwatchFolder(id);
  }

  /** Makes watching match the folder's status: online roots are watched, offline ones are not. */
  async sync(folderId: number): Promise<void> {
    const folder = getFolderRow(this.ctx.db, folderId);
    if (!folder || folder.status === 'offline') await this.unwatchFolder(folderId);
    else if (this.active && !this.running.has(folderId)) await this.watchFolder(folder);
  }

  /** Hands every debounced batch over now; returns whether there was one. */
  flushPending(): boolean {
    let any = false;
    for (const r of this.running.values()) {
      if (r.watcher?.hasPending()) {
        any = true;
        r.watcher.flushNow();
      }
    }
    return any;
  }

  /** Stops watching one root. */
  async unwatchFolder(folderId: number): Promise<void> {
    const r = this.running.get(folderId);
    if (!r) return;
    this.running.delete(folderId);
    r.stopRescans?.();
    await r.watcher?.close();
  }

  private setMode(folder: FolderRow, mode: WatchMode, reason: string | null): void {
    if (folder.watchMode === mode && folder.watchReason === reason) return;
    updateFolder(this.ctx.db, folder.id, { watchMode: mode, watchReason: reason });
    this.ctx.emit('libraryChanged', { kind: 'folders' });
  }

  private async watchFolder(folder: FolderRow): Promise<void> {
    const decision = decideWatchMode(folder.path, this.settings.forceWatchMode);
    this.setMode(folder, decision.mode, decision.reason);
    if (decision.mode === 'rescan') {
      this.running.set(folder.id, { watcher: null, stopRescans: this.rescanEvery(folder.id) });
      return;
    }
    const watcher = new FolderWatcher({
      root: folder.path,
      polling: decision.mode === 'polling',
      pollIntervalMs: this.settings.pollIntervalMs,
      debounceMs: this.settings.debounceMs,
      onBatch: (batch) => this.queue.fireAndForget(() => this.applyBatch(folder.id, batch)),
      onError: (err) => this.onWatchError(folder.id, err),
    });
    this.running.set(folder.id, { watcher, stopRescans: null });
    await watcher.ready;
  }

  private rescanEvery(folderId: number): () => void {
    return startRescans(this.queue, this.settings.rescanIntervalMs, () => this.rescan(folderId));
  }

  private async rescan(folderId: number): Promise<void> {
    await scanFolder(this.ctx, folderId);
    await this.sync(folderId);
  }

  private async applyBatch(folderId: number, batch: WatchBatch): Promise<void> {
    const folder = getFolderRow(this.ctx.db, folderId);
    if (!folder || !this.running.has(folderId)) return;
    const health = await checkRoot(this.ctx.db, folder);
    if (!health.online) {
      setOffline(this.ctx, folder, health.reason);
      await this.unwatchFolder(folderId);
    } else if (folder.status === 'offline') {
      await this.rescan(folderId);
    } else {
      if (health.deviceId !== folder.deviceId) updateFolder(this.ctx.db, folderId, { deviceId: health.deviceId });
      await applyWatchBatch(this.ctx, folder, batch);
    }
  }

  /**
   * On the first watch-limit error, closes the watcher at once (chokidar would go on crawling the whole tree, holding
   * every watch it got, which other programs of this user then lack) and switches the folder to rescans. chokidar
   * reports each path it could not watch, so later errors of the same watcher are ignored.
   */
  private onWatchError(folderId: number, err: Error): void {
    if (!isWatchLimitError(err)) {
      this.ctx.log.warn('library: watcher error', { folderId, error: err.message });
      return;
    }
    const r = this.running.get(folderId);
    const watcher = r?.watcher;
    if (!r || !watcher) return;
    r.watcher = null;
    const closed = watcher.close();
    this.queue.fireAndForget(async () => {
      await closed;
      const folder = getFolderRow(this.ctx.db, folderId);
      if (this.running.get(folderId) !== r || !folder) return;
      const decision = watchLimitDecision((err as NodeJS.ErrnoException).code, this.settings.rescanIntervalMs);
      this.setMode(folder, decision.mode, decision.reason);
      r.stopRescans = this.rescanEvery(folderId);
      this.ctx.log.warn('library: watching fell back to rescans', { folder: folder.path, error: err.message });
    });
  }

  private queueHealthTick(): void {
    if (this.tickQueued) return;
    this.tickQueued = true;
    this.queue.fireAndForget(async () => {
      try {
        await this.healthTick();
      } finally {
        this.tickQueued = false;
      }
    });
  }

  /** Offline roots that came back are reconciled; online roots that vanished go offline. */
  private async healthTick(): Promise<void> {
    for (const folder of listFolderRows(this.ctx.db)) {
      const health = await checkRoot(this.ctx.db, folder);
      if (folder.status === 'online' && !health.online) {
        setOffline(this.ctx, folder, health.reason);
        await this.unwatchFolder(folder.id);
      } else if (folder.status === 'offline' && health.online) {
        await this.rescan(folder.id);
      }
    }
  }
}
