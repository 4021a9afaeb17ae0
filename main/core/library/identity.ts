/**
 * Photo identity across moves: SHA-256 content hashes, and finding the catalog photo a new file was moved from.
 *
 * [Note: Photo identity]
 * A photo is its catalog row (id), which carries embeddings and the person's tags. A path that appears is matched
 * to a row that lost its file — marked missing, or still present in the catalog while its file is already gone
 * (chokidar reports a rename as add(new) before unlink(old)) — when the size matches and the content hash does
 * (or, for rows never hashed, size + mtime). Then the row is relinked instead of a new one being made. Copies at
 * two existing paths stay two photos. Rows of offline folders are never candidates: their files only look gone.
 */
import { createHash } from 'node:crypto';
import { constants, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Db } from '../catalog/db.js';
import { cached } from '../catalog/statements.js';
import { listSameContent, photoColumns, type PhotoRow } from '../catalog/photos.js';
import { MAX_FILE_BYTES } from '../media/read-guard.js';

/** A file as the library sees it on disk. */
export interface SeenFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** The largest file hashed: the largest a photo of any format is read at all. */
const MAX_HASHED_BYTES = Math.max(...Object.values(MAX_FILE_BYTES));

/**
 * SHA-256 of a regular file's bytes as lower-case hex, read in chunks of at most 1 MiB into one buffer sized to the
 * file. Opened without blocking and checked with fstat first: a device, FIFO or socket is refused, never read, and
 * so is a file larger than any photo may be (decoding refuses it unread too); at most the size fstat gave is read,
 * so the read is bounded even if the file grows meanwhile.
 */
export async function hashFile(path: string): Promise<string> {
  const file = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const st = await file.stat();
    if (!st.isFile()) throw new Error(`Not a regular file: ${path}`);
    if (st.size > MAX_HASHED_BYTES) throw new Error(`Larger than any photo may be: ${path}`);
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(st.size, 1 << 20)));
    const hash = createHash('sha256');
    for (let done = 0; done < st.size;) {
      const { bytesRead } = await file.read(buffer, 0, Math.min(buffer.length, st.size - done), done);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      done += bytesRead;
    }
    return hash.digest('hex');
  } finally {
    await file.close();
  }
}

/** Hashes files with bounded parallelism; a file that cannot be read maps to null (it is handled as unhashed). */
export async function hashFiles(paths: readonly string[], parallel = 4): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++]!;
      out.set(path, await hashFile(path).catch(() => null));
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, paths.length) }, worker));
  return out;
}

function onlineFolderIds(db: Db): Map<number, string> {
  const rows = cached(db, `SELECT id, path FROM folders WHERE status = 'online'`).all() as { id: number; path: string }[];
  return new Map(rows.map((r) => [r.id, r.path]));
}

/**
 * The catalog photo that `file` (content hash `hash`) is a moved copy of, or null. Synchronous on purpose: call it
 * inside the transaction that relinks, so two new copies cannot claim the same row.
 */
export function findMoveSource(db: Db, file: SeenFile, hash: string | null): PhotoRow | null {
  const online = onlineFolderIds(db);
  const matches = listSameContent(db, file.size, hash, file.mtimeMs).filter((row) => {
    if (row.path === file.path) return false;
    const root = online.get(row.folderId);
    if (root === undefined || !existsSync(root)) return false;
    return row.presence === 'missing' || !existsSync(row.path);
  });
  const sameName = matches.find((row) => basename(row.path) === basename(file.path));
  return sameName ?? matches[0] ?? null;
}

/**
 * A present, existing photo with the same content as `row` (the newest such), or null: when `row`'s file vanishes
 * and a copy exists, the vanishing was the second half of a copy-then-delete move.
 */
export function findCopyOf(db: Db, row: Pick<PhotoRow, 'id' | 'size' | 'contentHash'>): PhotoRow | null {
  if (row.contentHash === null) return null;
  const copies = cached(
    db,
    `SELECT ${photoColumns} FROM photos p WHERE p.content_hash = ? AND p.size = ? AND p.id != ?
       AND p.presence = 'present' ORDER BY p.added_at DESC, p.id DESC`,
  ).all(row.contentHash, row.size, row.id) as PhotoRow[];
  return copies.find((c) => existsSync(c.path)) ?? null;
}
