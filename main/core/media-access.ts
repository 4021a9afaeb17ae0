/**
 * Decides which files the photo endpoints may serve, checked through the open descriptor: a file is opened once, and
 * what is served is exactly what was checked (no check-then-open by name, so a swapped-in symlink cannot slip through).
 */
import { constants, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';

/** True when `child` is `parent` or lies below it (both already resolved). */
function isWithin(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** A file opened for serving: read and stream only through `handle`; the caller closes it. */
export interface OpenedFile {
  handle: FileHandle;
  /** The descriptor's own metadata (fstat), so size and mtime are those of the bytes that will be read. */
  stats: Stats;
  /** The real path the descriptor was verified to be, or null when it was not checked against roots. */
  realPath: string | null;
}

/** Opens `file` read-only (never blocking: a FIFO is not waited on); null when it is missing, unreadable or not a regular file. */
export async function openRegularFile(file: string): Promise<OpenedFile | null> {
  if (!isAbsolute(file)) return null;
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => null);
  if (handle === null) return null;
  const stats = await handle.stat().catch(() => null);
  if (stats === null || !stats.isFile()) {
    await handle.close();
    return null;
  }
  return { handle, stats, realPath: null };
}

/**
 * The real path of the file behind an open descriptor: `/proc/self/fd/N` where the OS has it, else the real path of
 * `name` provided it is still the very same file (device and inode) as the descriptor. Null when it cannot be told.
 */
export async function realPathOf(opened: OpenedFile, name: string): Promise<string | null> {
  if (process.platform === 'linux') {
    const viaProc = await realpath(`/proc/self/fd/${opened.handle.fd}`).catch(() => null);
    if (viaProc !== null) return viaProc;
  }
  const real = await realpath(name).catch(() => null);
  if (real === null) return null;
  const now = await stat(real).catch(() => null);
  return now !== null && now.dev === opened.stats.dev && now.ino === opened.stats.ino ? real : null;
}

/**
 * Opens `file` once and keeps it only when the descriptor is a regular file whose real path lies inside one of
 * `roots` (roots resolved too; an offline root vouches for nothing). A symlink leading out of the roots is refused.
 */
export async function openInsideRoots(file: string, roots: readonly string[]): Promise<OpenedFile | null> {
  const opened = await openRegularFile(file);
  if (opened === null) return null;
  const checked = { ...opened, realPath: await realPathOf(opened, file) };
  if (await openedWithin(checked, roots)) return checked;
  await opened.handle.close();
  return null;
}

/** True when an opened file's verified real path lies inside one of `roots` (resolved; an offline root vouches for nothing). */
export async function openedWithin(opened: OpenedFile, roots: readonly string[]): Promise<boolean> {
  if (opened.realPath === null) return false;
  for (const root of roots) {
    const rootReal = await realpath(root).catch(() => null);
    if (rootReal !== null && isWithin(rootReal, opened.realPath)) return true;
  }
  return false;
}
