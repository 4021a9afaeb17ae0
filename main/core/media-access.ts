/** Decides which files the photo endpoints may serve: only real files inside library folders or the library's cache. */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';

/** True when `child` is `parent` or lies below it (both already resolved). */
export function isWithin(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/**
 * True when `file` is a regular file whose REAL path (symlinks resolved) lies inside one of `roots` (also resolved).
 * A symlink inside a library that leads out of it is refused.
 */
export async function isInsideRoots(file: string, roots: string[]): Promise<boolean> {
  if (!isAbsolute(file)) return false;
  let real: string;
  try {
    real = await realpath(file);
    if (!(await stat(real)).isFile()) return false;
  } catch {
    return false;
  }
  for (const root of roots) {
    try {
      if (isWithin(await realpath(root), real)) return true;
    } catch {
      // A root that is offline cannot vouch for anything.
    }
  }
  return false;
}

const contentTypes: Record<string, string> = {
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
};

/** Content type for a servable image file by its extension; null for anything else. */
export function imageContentType(file: string): string | null {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
  return contentTypes[ext] ?? null;
}
