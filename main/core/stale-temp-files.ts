/** Leftovers of a killed process: half-written sidecars beside photos and thumbnails in the cache, removed at start. */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from './ports.js';
import { sidecarTempWriter } from './tags/xmp.js';

/** A thumbnail temp file this old was surely left by a killed writer (a thumbnail takes milliseconds to write). */
export const THUMB_TEMP_MAX_AGE_MS = 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** Removes `*.xmp.shoebox-<pid>.tmp` files in `folders` whose writing process is gone; returns how many. */
export async function removeStaleSidecarTemps(folders: readonly string[], log: Logger): Promise<number> {
  let removed = 0;
  for (const dir of folders) {
    for (const name of await names(dir)) {
      const pid = sidecarTempWriter(name);
      if (pid === null || (pid !== process.pid && alive(pid))) continue;
      await rm(join(dir, name), { force: true });
      removed++;
    }
  }
  if (removed > 0) log.info('Removed sidecar temp files left by an interrupted write', { removed });
  return removed;
}

/**
 * Removes `*.tmp` files in a cache folder and its sub-folders (thumbnails are sharded by id) older than
 * {@link THUMB_TEMP_MAX_AGE_MS}; returns how many.
 */
export async function removeStaleThumbTemps(cacheDir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const entry of await readdir(cacheDir, { withFileTypes: true }).catch(() => [])) {
    const file = join(cacheDir, entry.name);
    if (entry.isDirectory()) {
      removed += await removeStaleThumbTemps(file, now);
      continue;
    }
    if (!entry.name.endsWith('.tmp')) continue;
    const info = await stat(file).catch(() => null);
    if (!info || now - info.mtimeMs < THUMB_TEMP_MAX_AGE_MS) continue;
    await rm(file, { force: true });
    removed++;
  }
  return removed;
}
