/** A full reconcile of one folder: check the root, walk it, apply what is there, mark what vanished as missing. */
import { sep } from 'node:path';
import type { Folder } from '../../../preload/contract.js';
import { getFolder, getFolderRow, updateFolder, type FolderRow } from '../catalog/folders.js';
import { listSkippedPaths, removeSkipped, upsertSkipped } from '../catalog/skipped-files.js';
import { rootPaths } from './aliases.js';
import type { LibraryContext } from './context.js';
import { applySeenPhotos, knownPhotos, markGone } from './reconcile.js';
import { checkRoot } from './volumes.js';
import { toSkipped, walkTree } from './walk.js';

/** Totals of one scan, for logs and tests. */
export interface ScanTotals {
  seen: number;
  added: number;
  relinked: number;
  edited: number;
  missing: number;
  merged: number;
  skipped: number;
  unreadable: number;
}

/** Marks a folder offline with a reason (nothing in it changes). Emits only when the state actually changed. */
export function setOffline(ctx: LibraryContext, folder: FolderRow, reason: string): void {
  if (folder.status === 'offline' && folder.statusReason === reason) return;
  updateFolder(ctx.db, folder.id, { status: 'offline', statusReason: reason });
  ctx.log.warn('library: folder offline', { folder: folder.path, reason });
  ctx.emit('libraryChanged', { kind: 'folders' });
}

function isUnder(path: string, dirs: readonly string[]): boolean {
  return dirs.some((d) => path === d || path.startsWith(d.endsWith(sep) ? d : d + sep));
}

/**
 * Scans folder `folderId` and returns it afterwards (null when unknown). An unreachable, emptied or swapped root
 * makes the folder offline and changes nothing; so does a root that vanishes during the walk. Paths below
 * directories the walk could not read are never marked missing.
 */
export async function scanFolder(ctx: LibraryContext, folderId: number): Promise<{ folder: Folder; totals: ScanTotals } | null> {
  const folder = getFolderRow(ctx.db, folderId);
  if (!folder) return null;
  const totals: ScanTotals = { seen: 0, added: 0, relinked: 0, edited: 0, missing: 0, merged: 0, skipped: 0, unreadable: 0 };
  const health = await checkRoot(ctx.db, folder);
  if (!health.online) {
    setOffline(ctx, folder, health.reason);
    return { folder: getFolder(ctx.db, folderId)!, totals };
  }
  const seen = new Set<string>();
  const known = knownPhotos(ctx, folderId);
  const walk = await walkTree(folder.path, await rootPaths(folder.path), async (batch) => {
    for (const e of batch) seen.add(e.path);
    const photos = batch.filter((e) => e.kind === 'photo');
    const skips = batch.filter((e) => e.kind === 'skip').map(toSkipped);
    upsertSkipped(ctx.db, folderId, skips);
    const outcome = await applySeenPhotos(ctx, folderId, photos, known);
    totals.seen += batch.length;
    totals.skipped += skips.length;
    totals.added += outcome.added;
    totals.relinked += outcome.relinked;
    totals.edited += outcome.edited;
    if (outcome.changed > 0) ctx.emit('libraryChanged', { kind: 'photos' });
  });
  totals.unreadable = walk.unreadable.length;
  const after = await checkRoot(ctx.db, getFolderRow(ctx.db, folderId)!);
  if (!after.online) {
    setOffline(ctx, folder, after.reason);
    return { folder: getFolder(ctx.db, folderId)!, totals };
  }
  const present = ctx.db.prepare(`SELECT path FROM photos WHERE folder_id = ? AND presence = 'present'`).all(folderId) as {
    path: string;
  }[];
  const vanished = present.map((r) => r.path).filter((p) => !seen.has(p) && !isUnder(p, walk.unreadable));
  const gone = markGone(ctx, vanished);
  totals.missing = gone.missing;
  totals.merged = gone.merged;
  removeSkipped(
    ctx.db,
    listSkippedPaths(ctx.db, folderId).filter((p) => !seen.has(p) && !isUnder(p, walk.unreadable)),
  );
  updateFolder(ctx.db, folderId, { status: 'online', statusReason: null, lastScanAt: Date.now(), deviceId: after.deviceId });
  if (gone.missing > 0 || gone.merged > 0) ctx.emit('libraryChanged', { kind: 'photos' });
  ctx.emit('libraryChanged', { kind: 'folders' });
  ctx.log.info('library: scanned folder', { folder: folder.path, ...totals });
  return { folder: getFolder(ctx.db, folderId)!, totals };
}
