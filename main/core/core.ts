/** Builds core: the catalog, library, indexer, model state and the one API object every entry point calls. */
import type { ApiChannel, Result, ShoeboxApi } from '../../preload/contract.js';
import { snapshotIfDue } from './catalog/backup.js';
import { openCatalog } from './catalog/db.js';
import { enqueueIndex } from './catalog/jobs.js';
import { getPhotoByPath } from './catalog/photos.js';
import { createApi } from './api.js';
import type { CoreContext } from './api/context.js';
import { readSettings } from './api/settings-api.js';
import { Indexer } from './jobs/indexer.js';
import { Int8Preparation } from './jobs/int8-preparation.js';
import { createLibrary } from './library/library.js';
import { resolveMediaFile, type MediaKind } from './media-files.js';
import { ModelState } from './model-state.js';
import type { CorePaths } from './paths.js';
import type { Emit, Logger } from './ports.js';
import { createSuggestions } from './tags/suggestions.js';
import { validateArgs } from './validate.js';

/** What core needs from the entry point that builds it. */
export interface CoreOptions {
  paths: CorePaths;
  log: Logger;
  emit: Emit;
  /** better-sqlite3 binary built for Electron's ABI (the app); Node's own build otherwise. */
  nativeBinding?: string;
  /** Watch folders for changes (app, server, `watch`); one-shot CLI commands do not. */
  watch?: boolean;
  /** Weights smaller than this stay fp32 when making int8 towers (tests set 0 to quantize the tiny fixtures). */
  int8MinElements?: number;
}

/** The running core. */
export interface Core {
  api: ShoeboxApi;
  /** Validates raw arguments at the door, then calls the API; a thrown error becomes an `internal` Result. */
  invoke(channel: string, args: unknown): Promise<Result<unknown>>;
  /** The file behind a thumbnail or display image, only ever inside the library's folders or cache. */
  resolveMedia(kind: MediaKind, photoId: number): Promise<{ file: string; contentType: string } | null>;
  /** The id of the photo at `path`, or null. */
  photoIdByPath(path: string): number | null;
  /** Resolves when scans and indexing have nothing left to do. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const SNAPSHOT_INTERVAL_MS = 6 * 3600_000;

/** Opens the library at `paths` and starts what runs in the background (watching, indexing, snapshots). */
export async function createCore(o: CoreOptions): Promise<Core> {
  const db = openCatalog(o.paths.catalogFile, { nativeBinding: o.nativeBinding });
  // The catalog is the only copy of a person's tags: an online backup at open and every few hours while running.
  const snapshot = () =>
    snapshotIfDue(db, o.paths.snapshotsDir, SNAPSHOT_INTERVAL_MS).catch((err: unknown) =>
      o.log.warn('Could not snapshot the catalog', { message: String(err) }),
    );
  await snapshot();
  const snapshotTimer = setInterval(() => void snapshot(), SNAPSHOT_INTERVAL_MS / 6);
  snapshotTimer.unref();
  const models = new ModelState(db, o.paths.modelsDir, o.log);
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
    onEmbedded: (photoId, vector, modelId) => models.onEmbedded(photoId, vector, modelId),
    // Promotion is checked once the queue has drained (the idle progress event), not after every photo.
    onProgress: (p) => {
      o.emit('jobProgress', { ...p, suggesting: suggestions.job.progress() });
      if (p.state === 'idle' && models.promoteIfCovered()) o.emit('libraryChanged', { kind: 'models' });
      if (p.state === 'idle') suggestions.job.kick();
    },
  });
  const library = createLibrary({
    db,
    log: o.log,
    emit: o.emit,
    onIndexNeeded: (ids) => {
      const model = models.activeKey();
      if (!model) return;
      enqueueIndex(db, ids, model);
      indexer.kick();
    },
  });
  const ctx: CoreContext = {
    db,
    paths: o.paths,
    log: o.log,
    emit: o.emit,
    models,
    indexer,
    library,
    suggestions,
    settings: () => readSettings(db),
    refreshIndexer: async () => {
      let plan: Awaited<ReturnType<ModelState['plan']>>;
      try {
        plan = await models.plan(readSettings(db), indexer.progress().provider);
      } catch (err) {
        // A damaged model folder must not keep the library from opening: browsing, tags and folders still work.
        const message = err instanceof Error ? err.message : String(err);
        o.log.error('The active model cannot be used', { message });
        indexer.setModel(null);
        return message;
      }
      if (plan?.wantsInt8) {
        indexer.setModel(null);
        int8.prepare(plan.model);
        return null;
      }
      indexer.setModel(plan ? { id: plan.key, dir: plan.model.dir, precision: plan.precision } : null);
      return null;
    },
  };
  const int8 = new Int8Preparation(db, o.log, () => ctx.refreshIndexer(), (p) => indexer.setPreparing(p), o.int8MinElements);
  const api = createApi(ctx);
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
        return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
      }
    },
    resolveMedia: (kind, photoId) => resolveMediaFile(db, o.paths, kind, photoId),
    photoIdByPath: (path) => getPhotoByPath(db, path)?.id ?? null,
    async idle() {
      await library.idle();
      do {
        await int8.idle();
        await indexer.idle();
        await suggestions.job.idle();
      } while (int8.busy());
    },
    async close() {
      clearInterval(snapshotTimer);
      await library.stopWatching();
      await int8.close();
      await indexer.close();
      await suggestions.job.close();
      models.release();
      db.close();
    },
  };
}
