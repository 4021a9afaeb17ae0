/** Writes a file so that readers, and writers at the same moment, only ever see a whole version of it. */
import { chmod, rename, writeFile } from 'node:fs/promises';

let sequence = 0;

/**
 * Writes `data` beside `path` and renames it into place: a reader sees the old content or the new one, never a
 * truncated file, and a crash mid-write leaves the old file whole. Each call writes its own temporary file, so two
 * writes at once cannot mix (the last rename wins). With `mode`, the file has exactly those permissions (whatever the
 * umask) from before it is renamed into place.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, opts: { mode?: number } = {}): Promise<void> {
  const temp = `${path}.${process.pid}-${++sequence}.tmp`;
  await writeFile(temp, data, opts.mode === undefined ? {} : { mode: opts.mode });
  if (opts.mode !== undefined) await chmod(temp, opts.mode);
  await rename(temp, path);
}
