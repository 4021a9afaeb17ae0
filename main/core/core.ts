/** Builds core: the catalog, library, indexer, model state and the one API object every entry point calls. */
import type { ApiChannel, Result, ShoeboxApi } from '../../preload/contract.js';
import { describeCatalogError } from './catalog/catalog-errors.js';
import { openLibraryCatalog } from './catalog/open-library-catalog.js';
import { SnapshotSchedule } from './catalog/snapshot-schedule.js';
import { markCleanClose } from './catalog/verified-marker.js';
import { dropJobsForModel, enqueueIndex } from './catalog/jobs.js';
import { enqueueUnread, MEDIA_KEY } from './jobs/media-jobs.js';
import { getPhotoByPath } from './catalog/photos.js';
import { createApi } from './api.js';
import type { CoreContext } from './api/context.js';
import { readSettings } from './api/settings-api.js';
import { sidecarOutbox } from './api/sidecar-sync.js';
import { Indexer } from './jobs/indexer.js';
import { Int8Preparation } from './jobs/int8-preparation.js';
import { createLibrary } from './library/library.js';
import { openMediaFile, type MediaKind, type OpenedMedia } from './media-files.js';
import { ModelState } from './model-state.js';
import type { CorePaths } from './paths.js';
import type { Emit, Logger } from './ports.js';
import { removeStaleThumbTemps } from './stale-temp-files.js';
import { putBackInterruptedTrash } from './duplicates/interrupted-trash.js';
import { createSuggestions } from './tags/suggestions.js';
import { validateArgs } from './validate.js';
import { StatusCounter } from './api/status-counts.js';

/** What core needs from the entry point that builds it. */
export interface CoreOptions {
  paths: CorePaths;
  log: Logger;
  emit: Emit;
  /** better-sqlite3 binary built for Electron's ABI (the app); Node's own build otherwise. */
  nativeBinding?: string;
  /** Watch folders for changes (app, server, `watch`); one-shot CLI commands do not. */
  watch?: boolean;
  /** Start the index child for queued work (default true); one-shot CLI commands other than `index` leave it queued. */
  indexing?: boolean;
  /** The rotating log file the desktop app writes (shown in Settings); none for the CLI and browser mode. */
  logFile?: string;
  /** Weights smaller than this stay fp32 when making int8 towers (tests set 0 to quantize the tiny fixtures). */
  int8MinElements?: number;
  /** The system trash where Shoebox has no trash folder of its own (macOS, Windows: Electron's shell.trashItem). */
  systemTrash?: (path: string) => Promise<void>;
}

/** The running core. */
export interface Core {
  api: ShoeboxApi;
  /** Validates raw arguments at the door, then calls the API; a thrown error becomes an `internal` Result. */
  invoke(channel: string, args: unknown): Promise<Result<unknown>>;
  /** Opens the file behind a thumbnail or display image, checked through its descriptor (the caller closes it). */
  resolveMedia(kind: MediaKind, photoId: number): Promise<OpenedMedia | null>;
  /** The id of the photo at `path`, or null. */
  photoIdByPath(path: string): number | null;
  /** Resolves when scans and indexing have nothing left to do. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the library at `paths` and starts what runs in the background (watching, indexing, snapshots, sidecar
 * writes). Throws CatalogDamagedError, never starting an empty catalog, when the library's catalog is missing or
 * damaged.
 */
export async function createCore(o: CoreOptions): Promise<Core> {
  const db = await openLibraryCatalog(o.paths, o.nativeBinding);
  // Before any scan sees their files missing: photos a crash left half moved to the trash come back.
  await putBackInterruptedTrash(db, o.log);
  // The catalog is the only copy of a person's tags: an online backup at open, every few hours, and after tag changes.
  const snapshots = new SnapshotSchedule(db, o.paths.snapshotsDir, o.log);
  await snapshots.start();
  void removeStaleThumbTemps(o.paths.cacheDir);
  // Tag changes (announced by the API through its context) are snapshotted shortly after.
  const emit: Emit = (event, payload) => {
    if (event === 'libraryChanged' && (payload as { kind?: string }).kind === 'tags') snapshots.changed();
    o.emit(event, payload);
  };
  const models = new ModelState(db, o.paths.modelsDir, o.log);
  /** Set when close begins: work that answers later (the int8 re-check) must not start anything then. */
  let closing = false;
  /** The int8 re-check an idle event started, until it has answered (and maybe restarted indexing): idle() waits. */
  let int8Recheck: Promise<unknown> | null = null;
  const suggestions = createSuggestions({
    db,
    catalogFile: o.paths.catalogFile,
    nativeBinding: o.nativeBinding,
    cacheDir: o.paths.cacheDir,
    modelsDir: o.paths.modelsDir,
    log: o.log,
    models,
    settings: () => readSettings(db),
    onProgress: (s) => o.emit('jobProgress', { ...indexer.progress(), suggesting: s }),
    onStored: () => o.emit('libraryChanged', { kind: 'tags' }),
  });
  const indexer = new Indexer({
    db,
    log: o.log,
    catalogFile: o.paths.catalogFile,
    thumbsDir: o.paths.thumbsDir,
    nativeBinding: o.nativeBinding,
    provider: () => readSettings(db).provider,
    startsChildren: o.indexing ?? true,
    onEmbedded: (photoId, vector, modelId) => models.onEmbedded(photoId, vector, modelId),
    // Promotion is checked once the queue has drained (the idle progress event), not after every photo.
    onProgress: (p) => {
      o.emit('jobProgress', { ...p, suggesting: suggestions.job.progress() });
      if (p.state === 'idle' && models.promoteIfCovered()) o.emit('libraryChanged', { kind: 'models' });
      if (p.state === 'idle') suggestions.job.kick();
      // A model chosen before there were photos had its int8 check on stand-ins: check it again on the person's own.
      if (p.state === 'idle' && !int8.busy() && !closing) {
        // Asked in the background: by the time it answers the core may be closing (its catalog about to shut).
        const recheck = models
          .int8RecheckDue(readSettings(db), p.provider)
          .then((due) => (due && !closing ? ctx.refreshIndexer() : null))
          .catch((err: unknown) => o.log.warn('The int8 check on your own photos could not be started', { error: String(err) }))
          .finally(() => {
            if (int8Recheck === recheck) int8Recheck = null;
          });
        int8Recheck = recheck;
      }
    },
  });
  const library = createLibrary({
    db,
    log: o.log,
    emit: o.emit,
    // With a model ready, one decode per photo makes its thumbnail, metadata and embedding; without one (none
    // installed, or its int8 towers still being made) the photos are read all the same.
    onIndexNeeded: (ids) => {
      enqueueIndex(db, ids, indexer.embeddingKey() ?? MEDIA_KEY);
      indexer.kick();
    },
  });
  const statusCounter = new StatusCounter({
    db,
    catalogFile: o.paths.catalogFile,
    nativeBinding: o.nativeBinding,
    log: o.log,
    offThread: o.watch ?? false,
  });
  const ctx: CoreContext = {
    db,
    paths: o.paths,
    log: o.log,
    emit,
    models,
    indexer,
    library,
    suggestions,
    statusCounter,
    settings: () => readSettings(db),
    logFile: o.logFile ?? null,
    nativeBinding: o.nativeBinding,
    systemTrash: o.systemTrash,
    refreshIndexer: async ({ restart = false } = {}) => {
      let plan: Awaited<ReturnType<ModelState['plan']>>;
      try {
        plan = await models.plan(readSettings(db), indexer.progress().provider);
      } catch (err) {
        // A damaged model folder must not keep the library from opening: browsing, tags and folders still work.
        const message = err instanceof Error ? err.message : String(err);
        o.log.error('The active model cannot be used', { message });
        readWithoutModel();
        return message;
      }
      if (!plan || plan.wantsInt8) {
        readWithoutModel();
        if (plan) int8.prepare(plan.model);
        return null;
      }
      dropJobsForModel(db, MEDIA_KEY);
      indexer.setModel({ id: plan.key, dir: plan.model.dir, precision: plan.precision }, restart);
      return null;
    },
  };
  /** Until a model can embed, photos are still read: thumbnails, dates, cameras, places. */
  function readWithoutModel(): void {
    enqueueUnread(db);
    indexer.setModel(null);
  }
  const int8 = new Int8Preparation(
    db,
    o.log,
    () => ctx.refreshIndexer(),
    (p) => indexer.setPreparing(p),
    o.int8MinElements,
  );
  const api = createApi(ctx);
  // Sidecar writes a crash left in the outbox are done now (in the background; close waits for them).
  const sidecars = sidecarOutbox(ctx);
  void sidecars.start();
  await ctx.refreshIndexer();
  if (o.watch) await library.startWatching();
  // Photos embedded before a crash or a quit, and not scored yet, get their suggestions now.
  suggestions.job.kick();

  return {
    api,
    async invoke(channel, args) {
      const valid = validateArgs(channel, args);
      if (!valid.ok) return valid;
      try {
        const method = api[channel as ApiChannel] as (...a: unknown[]) => Promise<Result<unknown>>;
        return await method(...valid.value);
      } catch (err) {
        o.log.error('API call failed', { channel, message: String(err) });
        return { ok: false, error: { code: 'internal', message: describeCatalogError(err) } };
      }
    },
    resolveMedia: (kind, photoId) => openMediaFile(db, o.paths, o.log, kind, photoId),
    photoIdByPath: (path) => getPhotoByPath(db, path)?.id ?? null,
    async idle() {
      await library.idle();
      do {
        await int8.idle();
        await indexer.idle();
        await suggestions.job.idle();
        await int8Recheck;
      } while (int8.busy() || int8Recheck !== null);
    },
    async close() {
      closing = true;
      await library.stopWatching();
      await int8.close();
      await indexer.close();
      await sidecars.settled();
      await suggestions.job.close();
      await statusCounter.close();
      await snapshots.close();
      models.release();
      db.close();
      markCleanClose(o.paths.catalogFile);
    },
  };
}
