/** Writes a file so that readers, and writers at the same moment, only ever see a whole version of it. */
import { rename, writeFile } from 'node:fs/promises';

let sequence = 0;

/**
 * Writes `data` beside `path` and renames it into place: a reader sees the old content or the new one, never a
 * truncated file, and a crash mid-write leaves the old file whole. Each call writes its own temporary file, so two
 * writes at once cannot mix (the last rename wins).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = `${path}.${process.pid}-${++sequence}.tmp`;
  await writeFile(temp, data);
  await rename(temp, path);
}
