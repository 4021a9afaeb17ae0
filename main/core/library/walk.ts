/** Recursive walk of a library folder: photo and skip files with size and mtime, following symlinks, loop-safe. */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isAlias, type RootPaths } from './aliases.js';
import type { SkippedFile } from '../catalog/skipped-files.js';
import { classifyFile, isIgnoredName, skipReason } from './file-kinds.js';
import type { SeenFile } from './identity.js';
import {
  escapeName,
  fileErrorReason,
  folderErrorReason,
  isUtf8Name,
  LINK_TO_SPECIAL,
  NOT_REGULAR,
  specialFileReason,
  UNDECODABLE_FILE,
  UNDECODABLE_FOLDER,
} from './unreadable.js';

/**
 * A file the walk found. Skipped files are not stat'ed (size and mtime are 0): only their path is kept. A skip that
 * could not be read at all (device, pipe, undecodable name, overlong path, unreadable folder) carries its `reason`.
 */
export interface WalkEntry extends SeenFile {
  kind: 'photo' | 'skip';
  /** Set for entries that could not be read, with why; ordinary skips get their reason from the name. */
  unreadableReason?: string;
}

/** The skipped_files record of a skip entry: its own reason when it could not be read, else the one its name gives. */
export function toSkipped(entry: WalkEntry): SkippedFile {
  const unreadable = entry.unreadableReason !== undefined;
  return { path: entry.path, reason: entry.unreadableReason ?? skipReason(entry.path), unreadable };
}

/** What the walk could not see: nothing below an unreadable path may be taken as deleted. */
export interface WalkSummary {
  entries: number;
  unreadable: string[];
  loopsSkipped: number;
}

type Stat = { size: number; mtimeMs: number; type: 'file' | 'dir' | 'other' };

/** How many stats run at once (libuv's pool is small; more only queues). */
const statParallel = 32;

async function statAll(paths: string[]): Promise<(Stat | NodeJS.ErrnoException)[]> {
  const out: (Stat | NodeJS.ErrnoException)[] = [];
  for (let i = 0; i < paths.length; i += statParallel) {
    const chunk = paths.slice(i, i + statParallel).map((p) =>
      stat(p).then(
        (s): Stat => ({ size: s.size, mtimeMs: Math.round(s.mtimeMs), type: s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other' }),
        (err: NodeJS.ErrnoException) => err,
      ),
    );
    out.push(...(await Promise.all(chunk)));
  }
  return out;
}

function unreadableEntry(path: string, reason: string): WalkEntry {
  return { path, size: 0, mtimeMs: 0, kind: 'skip', unreadableReason: reason };
}

/**
 * Walks `start` (the root or a directory below it) depth-first, handing entries to `onBatch` in batches of
 * `batchSize`. Hidden and system names are pruned. Symlinks are followed unless they alias a path of the same root;
 * each real directory (device + inode) is entered once, so symlink loops end. Only regular files are ever photos:
 * devices, pipes and sockets (directly or through a link), names that are not UTF-8, paths too long to open and
 * folders that cannot be listed come out as skips with a reason, and nothing is opened here.
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
    let dirents: Dirent<Buffer>[];
    try {
      const st = await stat(dir);
      const key = `${st.dev}:${st.ino}`;
      if (visited.has(key)) {
        loopsSkipped++;
        continue;
      }
      visited.add(key);
      dirents = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (err) {
      unreadable.push(dir);
      const e = err as NodeJS.ErrnoException;
      if (e.code !== 'ENOENT') batch.push(unreadableEntry(dir, folderErrorReason(dir, e)));
      continue;
    }
    const files: string[] = [];
    const links: string[] = [];
    for (const d of dirents) {
      const name = d.name.toString('utf8');
      if (isIgnoredName(name)) continue;
      const full = join(dir, name);
      const undecodable = !isUtf8Name(d.name);
      if (undecodable) batch.push(unreadableEntry(join(dir, escapeName(d.name)), d.isDirectory() ? UNDECODABLE_FOLDER : UNDECODABLE_FILE));
      else if (d.isDirectory()) stack.push(full);
      else if (d.isSymbolicLink()) links.push(full);
      else if (d.isFile()) files.push(full);
      else batch.push(unreadableEntry(full, specialFileReason(d)));
    }
    const linkStats = await statAll(links);
    const aliases = await Promise.all(links.map((link) => isAlias(link, root)));
    links.forEach((link, i) => {
      const st = linkStats[i]!;
      if (aliases[i]) return;
      if (st instanceof Error) batch.push(unreadableEntry(link, fileErrorReason(link, st, true)));
      else if (st.type === 'dir') stack.push(link);
      else if (st.type === 'file') files.push(link);
      else batch.push(unreadableEntry(link, LINK_TO_SPECIAL));
    });
    const photos = files.filter((f) => classifyFile(f) === 'photo');
    for (const f of files) if (classifyFile(f) === 'skip') batch.push({ path: f, size: 0, mtimeMs: 0, kind: 'skip' });
    const photoStats = await statAll(photos);
    for (let i = 0; i < photos.length; i++) {
      const path = photos[i]!;
      const st = photoStats[i]!;
      if (!(st instanceof Error)) {
        if (st.type === 'file') batch.push({ path, size: st.size, mtimeMs: st.mtimeMs, kind: 'photo' });
        else batch.push(unreadableEntry(path, NOT_REGULAR));
      } else if (st.code !== 'ENOENT') {
        unreadable.push(path);
        batch.push(unreadableEntry(path, fileErrorReason(path, st, false)));
      }
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  return { entries, unreadable, loopsSkipped };
}
