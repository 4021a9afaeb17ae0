/** Recursive walk of a library folder: photo and skip files with size and mtime, following symlinks, loop-safe. */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlias, type RootPaths } from './aliases.js';
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
 * Walks `start` (the root or a directory below it) depth-first, handing entries to `onBatch` in batches of
 * `batchSize`. Hidden and system names are pruned. Symlinks are followed unless they alias a path of the same root;
 * each real directory (device + inode) is entered once, so symlink loops end.
 */
export async function walkTree(
  start: string,
  root: RootPaths,
  onBatch: (entries: WalkEntry[]) => Promise<void>,
  batchSize = 200,
): Promise<WalkSummary> {
  const stack = [start];
  const visited = new Set<string>();
  const unreadable: string[] = [];
  let batch: WalkEntry[] = [];
  let entries = 0;
  let loopsSkipped = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const full = batch;
    batch = [];
    entries += full.length;
    await onBatch(full);
  };
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
    const aliases = await Promise.all(links.map((link) => isAlias(link, root)));
    links.forEach((link, i) => {
      const st = linkStats[i]!;
      if (st instanceof Error || aliases[i]) return;
      if (st.dir) stack.push(link);
      else files.push(link);
    });
    const photos = files.filter((f) => classifyFile(f) === 'photo');
    for (const f of files) if (classifyFile(f) === 'skip') batch.push({ path: f, size: 0, mtimeMs: 0, kind: 'skip' });
    const photoStats = await statAll(photos);
    for (let i = 0; i < photos.length; i++) {
      const path = photos[i]!;
      const st = photoStats[i]!;
      if (!(st instanceof Error)) batch.push({ path, size: st.size, mtimeMs: st.mtimeMs, kind: 'photo' });
      else if (st.code !== 'ENOENT') unreadable.push(path);
      if (batch.length >= batchSize) await flush();
    }
  }
  await flush();
  return { entries, unreadable, loopsSkipped };
}
