/** Recursive walk of a library folder: photo and skip files with size and mtime, following symlinks, loop-safe. */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { classifyFile, isIgnoredName } from './file-kinds.js';
import type { SeenFile } from './identity.js';

/** A file the walk found. Skipped files are not stat'ed (size and mtime are 0): only their path is kept. */
export interface WalkEntry extends SeenFile {
  kind: 'photo' | 'skip';
}

/** What the walk could not see: nothing below an unreadable path may be taken as deleted. */
export interface WalkSummary {
  entries: number;
  unreadable: string[];
  loopsSkipped: number;
}

/** How many stats run at once (libuv's pool is small; more only queues). */
const statParallel = 32;

async function statAll(paths: string[]): Promise<({ size: number; mtimeMs: number; dir: boolean } | NodeJS.ErrnoException)[]> {
  const out: ({ size: number; mtimeMs: number; dir: boolean } | NodeJS.ErrnoException)[] = [];
  for (let i = 0; i < paths.length; i += statParallel) {
    const chunk = paths.slice(i, i + statParallel).map((p) =>
      stat(p).then(
        (s) => ({ size: s.size, mtimeMs: Math.round(s.mtimeMs), dir: s.isDirectory() }),
        (err: NodeJS.ErrnoException) => err,
      ),
    );
    out.push(...(await Promise.all(chunk)));
  }
  return out;
}

/**
 * Walks `root` depth-first, handing entries to `onBatch` in batches of `batchSize`. Hidden and system names are
 * pruned. Symlinked directories are followed; each real directory (device + inode) is entered once, so symlink
 * loops end.
 */
export async function walkTree(
  root: string,
  onBatch: (entries: WalkEntry[]) => Promise<void>,
  batchSize = 500,
): Promise<WalkSummary> {
  const stack = [root];
  const visited = new Set<string>();
  const unreadable: string[] = [];
  let batch: WalkEntry[] = [];
  let entries = 0;
  let loopsSkipped = 0;
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let dirents: Dirent[];
    try {
      const st = await stat(dir);
      const key = `${st.dev}:${st.ino}`;
      if (visited.has(key)) {
        loopsSkipped++;
        continue;
      }
      visited.add(key);
      dirents = await readdir(dir, { withFileTypes: true });
    } catch {
      unreadable.push(dir);
      continue;
    }
    const files: string[] = [];
    const links: string[] = [];
    for (const d of dirents) {
      if (isIgnoredName(d.name)) continue;
      const full = join(dir, d.name);
      if (d.isDirectory()) stack.push(full);
      else if (d.isSymbolicLink()) links.push(full);
      else if (d.isFile()) files.push(full);
    }
    const linkStats = await statAll(links);
    links.forEach((link, i) => {
      const st = linkStats[i]!;
      if (st instanceof Error) return;
      if (st.dir) stack.push(link);
      else files.push(link);
    });
    const photos = files.filter((f) => classifyFile(f) === 'photo');
    for (const f of files) if (classifyFile(f) === 'skip') batch.push({ path: f, size: 0, mtimeMs: 0, kind: 'skip' });
    const photoStats = await statAll(photos);
    photos.forEach((path, i) => {
      const st = photoStats[i]!;
      if (st instanceof Error) {
        if (st.code !== 'ENOENT') unreadable.push(path);
        return;
      }
      batch.push({ path, size: st.size, mtimeMs: st.mtimeMs, kind: 'photo' });
    });
    if (batch.length >= batchSize) {
      entries += batch.length;
      await onBatch(batch);
      batch = [];
    }
  }
  if (batch.length > 0) {
    entries += batch.length;
    await onBatch(batch);
  }
  return { entries, unreadable, loopsSkipped };
}
