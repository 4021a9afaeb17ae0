/** Keeps XMP sidecars in step with a person's tags by draining the catalog's outbox (at start and after each change). */
import { getPhotos } from '../catalog/photos.js';
import { removeStaleSidecarTemps } from '../stale-temp-files.js';
import {
  completeRows,
  countPending,
  outboxFolders,
  pendingRows,
  photosSharing,
  unionOfTags,
  type OutboxRow,
} from '../tags/sidecar-outbox.js';
import { sidecarTarget, writeSidecarTags } from '../tags/xmp.js';
import type { CoreContext } from './context.js';

const BATCH = 256;

/** One library's sidecar writer: drains run one at a time; a drain asked for while one runs makes it go round again. */
export interface SidecarOutbox {
  /** Writes every pending sidecar; resolves when the outbox holds nothing this process could write. */
  drain(): Promise<void>;
  /** Removes temp files a killed writer left beside photos, then drains (once, when core starts). */
  start(): Promise<void>;
  /** Resolves when no drain is running. */
  settled(): Promise<void>;
}

const outboxes = new WeakMap<CoreContext, SidecarOutbox>();

/** The sidecar writer of a core (one per context). */
export function sidecarOutbox(ctx: CoreContext): SidecarOutbox {
  let outbox = outboxes.get(ctx);
  if (!outbox) {
    outbox = createOutbox(ctx);
    outboxes.set(ctx, outbox);
  }
  return outbox;
}

/** The after-change hook the tags API calls: drains the outbox (the change itself queued its photos there). */
export function sidecarSync(ctx: CoreContext): () => Promise<void> {
  return () => sidecarOutbox(ctx).drain();
}

function createOutbox(ctx: CoreContext): SidecarOutbox {
  let running: Promise<void> | null = null;
  let again = false;

  /** Writes one group of rows (photos of one sidecar); rows are completed only once the file is written. */
  const writeGroup = async (sidecar: string, photoPath: string, rows: OutboxRow[]) => {
    const sharing = photosSharing(ctx.db, photoPath, sidecar);
    try {
      await writeSidecarTags(
        photoPath,
        unionOfTags(
          ctx.db,
          sharing.map((p) => p.id),
        ),
        true,
        (ctx.db.prepare('SELECT rotation FROM photos WHERE path = ?').pluck().get(photoPath) as number | undefined) ?? 0,
      );
      completeRows(ctx.db, rows);
    } catch (err) {
      ctx.log.warn('Could not write the XMP sidecar; it will be tried again', { path: sidecar, message: String(err) });
    }
  };

  // Progress of a pass that writes sidecars: at most every 250 ms, and always at its start and end.
  const progress = { done: 0, total: 0, emittedAt: 0 };
  const report = (state: 'writing' | 'idle', force: boolean): void => {
    const now = Date.now();
    if (!force && now - progress.emittedAt < 250) return;
    progress.emittedAt = now;
    ctx.emit('sidecarProgress', { state, done: progress.done, total: progress.total });
  };

  const pass = async () => {
    progress.done = 0;
    progress.total = ctx.settings().writeXmp ? countPending(ctx.db) : 0;
    if (progress.total > 0) report('writing', true);
    for (let after = 0; ;) {
      const rows = pendingRows(ctx.db, after, BATCH);
      if (rows.length === 0) {
        if (progress.total > 0) report('idle', true);
        return;
      }
      after = rows[rows.length - 1]!.photoId;
      if (!ctx.settings().writeXmp) {
        completeRows(ctx.db, rows);
        continue;
      }
      const photos = new Map(
        getPhotos(
          ctx.db,
          rows.map((r) => r.photoId),
        ).map((p) => [p.id, p]),
      );
      const groups = new Map<string, { photoPath: string; rows: OutboxRow[] }>();
      const gone: OutboxRow[] = [];
      for (const r of rows) {
        const photo = photos.get(r.photoId);
        if (!photo || photo.presence !== 'present') {
          gone.push(r);
          continue;
        }
        const sidecar = sidecarTarget(photo.path);
        const group = groups.get(sidecar) ?? { photoPath: photo.path, rows: [] };
        group.rows.push(r);
        groups.set(sidecar, group);
      }
      completeRows(ctx.db, gone);
      for (const [sidecar, g] of groups) {
        await writeGroup(sidecar, g.photoPath, g.rows);
        progress.done += g.rows.length;
        report('writing', false);
      }
    }
  };

  const run = (first?: () => Promise<void>): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      await first?.();
      do {
        again = false;
        await pass();
      } while (again);
    })()
      .catch((err: unknown) => ctx.log.error('Writing XMP sidecars failed', { message: String(err) }))
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    drain: () => run(),
    start: () =>
      run(async () => {
        await removeStaleSidecarTemps(outboxFolders(ctx.db), ctx.log);
      }),
    settled: async () => {
      while (running) await running;
    },
  };
}
