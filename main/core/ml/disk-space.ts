/** Free disk space for the models folder, and the check made before a download writes a byte. */
import { formatBytes } from '../units.js';
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Returns the bytes available to this user on the volume holding `dir`. Injectable for tests. */
export type FreeSpaceFn = (dir: string) => Promise<number>;

/** Bytes available (not merely free: reserved blocks excluded) on the volume of `dir` or its nearest existing parent. */
export const freeSpace: FreeSpaceFn = async (dir) => {
  let current = dir;
  for (;;) {
    try {
      const s = await statfs(current);
      return Number(s.bavail) * Number(s.bsize);
    } catch (err) {
      const parent = dirname(current);
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw err;
      current = parent;
    }
  }
};

/** Headroom kept free beyond the download itself: 2% of it, at least 64 MiB. */
export function safetyMargin(bytes: number): number {
  return Math.max(64 * 1024 * 1024, Math.ceil(bytes * 0.02));
}

/** The outcome of {@link checkDiskSpace}: enough room, or a message a person can act on. */
export type SpaceCheck = { ok: true; free: number; needed: number } | { ok: false; free: number; needed: number; message: string };

/** Checks that `dir`'s volume can take `bytes` more plus the {@link safetyMargin}. */
export async function checkDiskSpace(dir: string, bytes: number, free: FreeSpaceFn = freeSpace): Promise<SpaceCheck> {
  const available = await free(dir);
  const needed = bytes + safetyMargin(bytes);
  if (available >= needed) return { ok: true, free: available, needed };
  return {
    ok: false,
    free: available,
    needed,
    message: `Not enough disk space for this model: it needs ${formatBytes(needed)} in ${dir} but only ${formatBytes(available)} is free. Free up ${formatBytes(needed - available)} or set SHOEBOX_MODELS to a folder on a bigger drive.`,
  };
}
