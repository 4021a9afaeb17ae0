/** Applies one debounced batch of watcher events to an online folder, through the same code paths as a scan. */
import { stat } from 'node:fs/promises';
import { upsertSkipped } from '../catalog/skipped-files.js';
import type { LibraryContext } from './context.js';
import { classifyFile, skipReason } from './file-kinds.js';
import { applySeenPhotos, markGone, markGoneUnder } from './reconcile.js';
import type { WatchBatch } from './watch.js';
import { walkTree, type WalkEntry } from './walk.js';

/**
 * Re-stats every touched path (the event kind is only a hint: a rename may arrive as unlink + add in any order),
 * walks added directories, then applies files that exist and marks the rest missing.
 */
export async function applyWatchBatch(ctx: LibraryContext, folderId: number, batch: WatchBatch): Promise<void> {
  const found = new Map<string, WalkEntry>();
  for (const dir of batch.dirsAdded) {
    await walkTree(dir, async (entries) => {
      for (const e of entries) found.set(e.path, e);
    });
  }
  const gone: string[] = [];
  for (const path of batch.files) {
    const kind = classifyFile(path);
    if (kind === 'ignore' || found.has(path)) continue;
    const st = await stat(path).catch(() => null);
    if (!st) gone.push(path);
    else if (st.isFile()) found.set(path, { path, size: st.size, mtimeMs: Math.round(st.mtimeMs), kind });
  }
  const entries = [...found.values()];
  const skips = entries.filter((e) => e.kind === 'skip').map((e) => ({ path: e.path, reason: skipReason(e.path) }));
  upsertSkipped(ctx.db, folderId, skips);
  const outcome = await applySeenPhotos(ctx, folderId, entries.filter((e) => e.kind === 'photo'));
  let missing = markGone(ctx, gone);
  for (const dir of batch.dirsRemoved) missing += markGoneUnder(ctx, folderId, dir);
  if (outcome.changed > 0 || missing > 0) ctx.emit('libraryChanged', { kind: 'photos' });
  if (missing > 0 || outcome.added > 0) ctx.emit('libraryChanged', { kind: 'folders' });
}
