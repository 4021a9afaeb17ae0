/** The duplicates part of the API: groups found on a worker thread, resolved into the trash; trashing photos; undo. */
import { availableParallelism } from 'node:os';
import type { DuplicateGroup, DuplicatePhoto, ShoeboxApi } from '../../../preload/contract.js';
import { findDuplicateGroups } from '../duplicates/duplicate-thread.js';
import { suggestKeeper } from '../duplicates/keeper.js';
import { CatalogWriteError, resolveDuplicates, undoResolve, type ResolveOutcome } from '../duplicates/resolve.js';
import { trashDirectory, type TrashTarget } from '../duplicates/trash.js';
import { fail, ok } from '../result.js';
import { photoSummaries } from '../search/photo-summaries.js';
import type { CoreContext } from './context.js';

const NO_TRASH = 'Shoebox cannot reach this system’s trash yet: remove the files in your file manager.';

/** Shoebox's own freedesktop trash (undo possible), else the system's through the app (undo from the system trash). */
function trashOf(ctx: CoreContext): TrashTarget | null {
  const dir = trashDirectory();
  if (dir !== null) return { dir };
  return ctx.systemTrash ? { system: ctx.systemTrash } : null;
}

const NOT_RECORDED = 'The catalog could not record the move, so the files were put back: nothing changed. The log says why.';

/** {@link resolveDuplicates}, or null when the catalog refused the change (the files are back; logged). */
async function resolveSafely(
  ctx: CoreContext,
  keepId: number | null,
  removeIds: readonly number[],
  trash: TrashTarget,
): Promise<ResolveOutcome | null> {
  try {
    return await resolveDuplicates(ctx.db, keepId, removeIds, trash);
  } catch (err) {
    if (!(err instanceof CatalogWriteError)) throw err;
    ctx.log.error('moving photos to the trash was undone', { error: String(err.cause) });
    return null;
  }
}

/** Defaults: near-duplicates from cosine 0.95; bursts from 0.85 when taken within 10 s of each other. */
const NEAR = 0.95;
const BURST = 0.85;
const BURST_SECONDS = 10;

/** Builds the duplicates API (one search at a time). */
export function duplicatesApi(ctx: CoreContext): Pick<ShoeboxApi, 'findDuplicates' | 'resolveDuplicates' | 'trashPhotos' | 'undoTrash'> {
  let running = false;
  const changed = (): void => {
    ctx.models.invalidateIndex();
    ctx.emit('libraryChanged', { kind: 'photos' });
    ctx.emit('libraryChanged', { kind: 'tags' });
  };
  return {
    async resolveDuplicates(req) {
      const trash = trashOf(ctx);
      if (trash === null) return fail('invalid_input', NO_TRASH);
      if (!ctx.db.prepare('SELECT 1 FROM photos WHERE id = ?').get(req.keepId))
        return fail('not_found', `There is no photo #${req.keepId}`);
      const outcome = await resolveSafely(ctx, req.keepId, req.removeIds, trash);
      if (!outcome) return fail('internal', NOT_RECORDED);
      if (outcome.trashed > 0) changed();
      return ok(outcome);
    },
    async trashPhotos(req) {
      const trash = trashOf(ctx);
      if (trash === null) return fail('invalid_input', NO_TRASH);
      const outcome = await resolveSafely(ctx, null, req.photoIds, trash);
      if (!outcome) return fail('internal', NOT_RECORDED);
      if (outcome.trashed > 0) changed();
      return ok({ trashed: outcome.trashed, kept: outcome.kept, undoId: outcome.undoId });
    },
    async undoTrash(req) {
      const outcome = await undoResolve(ctx.db, req.undoId);
      if (!outcome) return fail('not_found', 'That was already undone: the photos are back (or were taken out of the trash by hand)');
      changed();
      return ok(outcome);
    },
    async findDuplicates(req) {
      if (running) return fail('conflict', 'Duplicates are already being looked for; wait for that to finish.');
      running = true;
      try {
        const raw = await findDuplicateGroups(
          {
            catalogFile: ctx.paths.catalogFile,
            nativeBinding: ctx.nativeBinding,
            modelId: ctx.models.servingKey(),
            thresholds: { near: req.near ?? NEAR, burst: Math.min(BURST, req.near ?? NEAR), burstSeconds: BURST_SECONDS },
            threads: Math.min(2, availableParallelism()),
          },
          (done, total) => ctx.emit('duplicateProgress', { done, total }),
        );
        return ok(raw.map((g) => describe(ctx, g.kind, g.ids, g.minScore)).filter((g): g is DuplicateGroup => g !== null));
      } catch (err) {
        ctx.log.error('finding duplicates failed', { error: String(err) });
        return fail('internal', 'Duplicates could not be looked for this time; the log says why.');
      } finally {
        running = false;
      }
    },
  };
}

/** A group with each photo's size, format and tags, and the suggested keeper (null when its photos are gone). */
function describe(ctx: CoreContext, kind: DuplicateGroup['kind'], ids: number[], minScore: number): DuplicateGroup | null {
  const rows = new Map(
    (
      ctx.db.prepare(`SELECT id, size, format FROM photos WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as {
        id: number;
        size: number;
        format: string | null;
      }[]
    ).map((r) => [r.id, r]),
  );
  const photos: DuplicatePhoto[] = photoSummaries(ctx.db, ids).flatMap((p) => {
    const row = rows.get(p.id);
    return row ? [{ ...p, size: row.size, format: row.format }] : [];
  });
  if (photos.length < 2) return null;
  const keeper = suggestKeeper(
    photos.map((p) => ({ id: p.id, path: p.path, width: p.width, height: p.height, size: p.size, tagCount: p.tags.length })),
  );
  return { kind, minScore, photos, keepId: keeper.id, keepReason: keeper.reason };
}
