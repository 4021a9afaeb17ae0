/** The library: folders a person chose, kept in step with the disk by scans and watchers, never losing a photo. */
import type { Folder, Result } from '../../../preload/contract.js';
import { insertFolder, listFolderRows, listFolders, removedFolderAt, removeFolder, restoreFolder } from '../catalog/folders.js';
import { purgeMissing } from '../catalog/photos.js';
import type { LibraryContext } from './context.js';
import { validateNewRoot } from './folder-rules.js';
import { scanFolder } from './scan.js';
import { SerialQueue } from './serial-queue.js';
import { WatchSupervisor, type WatchSettings } from './watch-supervisor.js';

/** Options for {@link createLibrary}; every timing has a sensible default. */
export type LibraryOptions = Partial<WatchSettings>;

/** What core (api.ts) uses of the library. */
export interface Library {
  /** Validates, records, scans and (when watching) watches a new root. */
  addFolder(path: string): Promise<Result<Folder>>;
  /** Removes a root from the library; its photos are hidden with their tags kept (see {@link Library.restoreFolder}). */
  removeFolder(id: number): Promise<Result<{ removed: number }>>;
  /** Undoes a removal: the root comes back, is scanned and watched, its photos with their tags. */
  restoreFolder(id: number): Promise<Result<Folder>>;
  /** Every root with its counts and status. */
  listFolders(): Folder[];
  /** Reconciles one root with the disk (or marks it offline) and returns it. */
  scanFolder(id: number): Promise<Result<Folder>>;
  /** Reconciles every root, one after another. */
  scanAll(): Promise<void>;
  /** Deletes missing photos of one root (at or below `dir` when given), or of all when null. Only on request. */
  purgeMissing(folderId: number | null, dir?: string): Promise<number>;
  /** Watches every online root; `reconcile` (default true) also queues a scan of each to catch up on changes. */
  startWatching(opts?: { reconcile?: boolean }): Promise<void>;
  /** Stops every watcher and timer and waits for work in progress. */
  stopWatching(): Promise<void>;
  /** Queues photos to be read and embedded again (after their errors were cleared for a retry). */
  requeue(photoIds: number[]): void;
  /** Resolves when no watcher batch is waiting and no scan or batch is running. */
  idle(): Promise<void>;
}

const defaults: WatchSettings = {
  pollIntervalMs: 3000,
  rescanIntervalMs: 5 * 60_000,
  healthCheckMs: 30_000,
  debounceMs: 150,
};

/** Builds the library over a catalog. Nothing runs until a method is called. */
export function createLibrary(ctx: LibraryContext & { options?: LibraryOptions }): Library {
  const settings: WatchSettings = { ...defaults, ...ctx.options };
  const queue = new SerialQueue((err) => ctx.log.error('library: task failed', { error: String(err) }));
  const watching = new WatchSupervisor(ctx, queue, settings);

  const scanNow = async (id: number): Promise<Folder | null> => {
    const scanned = await scanFolder(ctx, id);
    if (scanned) await watching.sync(id);
    return scanned?.folder ?? null;
  };

  return {
    addFolder: (path) =>
      queue.run(async () => {
        const checked = await validateNewRoot(
          path,
          listFolderRows(ctx.db).map((f) => f.path),
        );
        if (!checked.ok) return checked;
        const removed = removedFolderAt(ctx.db, checked.value.path);
        if (removed !== null) restoreFolder(ctx.db, removed);
        const id = removed ?? insertFolder(ctx.db, checked.value.path, checked.value.deviceId);
        ctx.emit('libraryChanged', { kind: 'folders' });
        const folder = await scanNow(id);
        return folder ? { ok: true, value: folder } : notFound(id);
      }),

    removeFolder: (id) =>
      queue.run(async () => {
        await watching.unwatchFolder(id);
        const removed = removeFolder(ctx.db, id);
        if (removed === null) return notFound(id);
        ctx.emit('libraryChanged', { kind: 'folders' });
        ctx.emit('libraryChanged', { kind: 'photos' });
        return { ok: true, value: { removed } };
      }),

    restoreFolder: (id) =>
      queue.run(async () => {
        if (!restoreFolder(ctx.db, id)) return notFound(id);
        ctx.emit('libraryChanged', { kind: 'folders' });
        const folder = await scanNow(id);
        return folder ? { ok: true, value: folder } : notFound(id);
      }),

    listFolders: () => listFolders(ctx.db),

    scanFolder: (id) =>
      queue.run(async () => {
        const folder = await scanNow(id);
        return folder ? { ok: true, value: folder } : notFound(id);
      }),

    scanAll: () =>
      queue.run(async () => {
        for (const f of listFolderRows(ctx.db)) await scanNow(f.id);
      }),

    purgeMissing: (folderId, dir) =>
      queue.run(async () => {
        const purged = purgeMissing(ctx.db, folderId, dir);
        if (purged > 0) {
          ctx.emit('libraryChanged', { kind: 'photos' });
          ctx.emit('libraryChanged', { kind: 'folders' });
        }
        return purged;
      }),

    startWatching: async (opts = {}) => {
      await queue.run(() => watching.start());
      if (opts.reconcile ?? true) {
        for (const f of listFolderRows(ctx.db)) queue.fireAndForget(() => scanNow(f.id));
      }
    },

    stopWatching: async () => {
      await queue.run(() => watching.stop());
      await queue.drained();
    },

    requeue: (photoIds) => {
      if (photoIds.length > 0) ctx.onIndexNeeded(photoIds);
    },

    idle: async () => {
      while (watching.flushPending() || queue.size > 0) await queue.drained();
    },
  };
}

function notFound<T>(id: number): Result<T> {
  return { ok: false, error: { code: 'not_found', message: `There is no library folder with id ${id}.` } };
}
