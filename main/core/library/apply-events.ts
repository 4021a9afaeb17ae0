/** Applies one debounced batch of watcher events to an online folder, through the same code paths as a scan. */
import { stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { upsertSkipped } from '../catalog/skipped-files.js';
import { isAlias, rootPaths } from './aliases.js';
import type { LibraryContext } from './context.js';
import { classifyFile } from './file-kinds.js';
import { applySeenPhotos, markGone, markGoneUnder } from './reconcile.js';
import { NOT_REGULAR } from './unreadable.js';
import type { WatchBatch } from './watch.js';
import { toSkipped, walkTree, type WalkEntry } from './walk.js';

/**
 * Re-stats every touched path (the event kind is only a hint: a rename may arrive as unlink + add in any order),
 * walks added directories (and new links to directories), then applies files that exist and marks the rest missing.
 */
export async function applyWatchBatch(ctx: LibraryContext, folder: { id: number; path: string }, batch: WatchBatch): Promise<void> {
  const folderId = folder.id;
  const root = await rootPaths(folder.path);
  const found = new Map<string, WalkEntry>();
  const walkInto = async (dir: string): Promise<void> => {
    if (await isAlias(dir, root)) return;
    await walkTree(dir, root, async (entries) => {
      for (const e of entries) found.set(e.path, e);
    });
  };
  for (const dir of batch.dirsAdded) await walkInto(dir);
  const gone: string[] = [];
  for (const path of batch.files) {
    if (found.has(path) || (await isAlias(path, root))) continue;
    const st = await stat(path).catch(() => null);
    const kind = classifyFile(path);
    if (!st) gone.push(path);
    else if (st.isDirectory()) await walkInto(path);
    else if (st.isFile() && kind !== 'ignore') found.set(path, { path, size: st.size, mtimeMs: Math.round(st.mtimeMs), kind });
    else if (!st.isFile() && kind !== 'ignore') found.set(path, { path, size: 0, mtimeMs: 0, kind: 'skip', unreadableReason: NOT_REGULAR });
  }
  const entries = [...found.values()];
  const skips = entries.filter((e) => e.kind === 'skip').map(toSkipped);
  upsertSkipped(ctx.db, folderId, skips);
  const outcome = await applySeenPhotos(
    ctx,
    folderId,
    entries.filter((e) => e.kind === 'photo'),
  );
  // Files of a directory that vanished as a whole go missing alike (see markGone), never merged one by one.
  const removedDirs = [...batch.dirsRemoved].map((dir) => (dir.endsWith(sep) ? dir : dir + sep));
  const inRemovedDir = (path: string) => removedDirs.some((dir) => path.startsWith(dir));
  const vanished = [
    markGone(
      ctx,
      gone.filter((p) => !inRemovedDir(p)),
    ),
    markGone(ctx, gone.filter(inRemovedDir), false),
    ...[...batch.dirsRemoved].map((dir) => markGoneUnder(ctx, folderId, dir)),
  ];
  const missing = vanished.reduce((n, v) => n + v.missing, 0);
  const merged = vanished.reduce((n, v) => n + v.merged, 0);
  if (outcome.changed + missing + merged === 0) return;
  ctx.emit('libraryChanged', { kind: 'photos' });
  ctx.emit('libraryChanged', { kind: 'folders' });
}
