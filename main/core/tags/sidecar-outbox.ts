/** The sidecar outbox: which photos' XMP sidecars must be rewritten (filled by catalog triggers) and what to write. */
import { basename, dirname, extname, join } from 'node:path';
import type { Db } from '../catalog/db.js';
import { photoTagNames, sidecarTarget } from './xmp.js';

/** One pending rewrite: a photo and the change count it was queued with. */
export interface OutboxRow {
  photoId: number;
  seq: number;
}

/** Up to `limit` pending rows with photo ids above `after`, in id order. */
export function pendingRows(db: Db, after: number, limit: number): OutboxRow[] {
  return db
    .prepare('SELECT photo_id AS photoId, seq FROM sidecar_outbox WHERE photo_id > ? ORDER BY photo_id LIMIT ?')
    .all(after, limit) as OutboxRow[];
}

/** How many photos wait for their sidecar to be rewritten. */
export function countPending(db: Db): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM sidecar_outbox').get() as { n: number }).n;
}

/** Queues every tagged present photo for a sidecar rewrite (write-back turned on, or "Write sidecars now"); returns how many. */
export function queueAllTagged(db: Db): number {
  return db
    .prepare(
      `INSERT INTO sidecar_outbox (photo_id, seq)
       SELECT DISTINCT pt.photo_id, 1 FROM photo_tags pt JOIN photos p ON p.id = pt.photo_id WHERE p.presence = 'present'
       ON CONFLICT(photo_id) DO UPDATE SET seq = seq + 1`,
    )
    .run().changes;
}

/** Deletes rows once their sidecar is written; a row changed again meanwhile (higher seq) stays for the next drain. */
export function completeRows(db: Db, rows: readonly OutboxRow[]): void {
  const del = db.prepare('DELETE FROM sidecar_outbox WHERE photo_id = ? AND seq = ?');
  db.transaction(() => {
    for (const r of rows) del.run(r.photoId, r.seq);
  }).immediate();
}

/** Present photos whose tags go to `sidecar`: a RAW+JPEG pair (IMG_1.CR2, IMG_1.JPG) shares IMG_1.xmp. */
export function photosSharing(db: Db, photoPath: string, sidecar: string): { id: number; path: string }[] {
  const stem = join(dirname(photoPath), basename(photoPath, extname(photoPath)));
  // Every path starting with "<stem>." sorts between "<stem>." and "<stem>/" ('/' follows '.' in code order).
  const rows = db
    .prepare(`SELECT id, path FROM photos WHERE path >= ? AND path < ? AND presence = 'present' ORDER BY id`)
    .all(`${stem}.`, `${stem}/`) as { id: number; path: string }[];
  return rows.filter((r) => dirname(r.path) === dirname(photoPath) && sidecarTarget(r.path) === sidecar);
}

/** The union of the tags of `photoIds`, by name. */
export function unionOfTags(db: Db, photoIds: readonly number[]): string[] {
  return [...new Set(photoIds.flatMap((id) => photoTagNames(db, id)))].sort();
}

/**
 * Folders of the photos still in the outbox (each ending with its separator): the only places a killed writer can
 * have left a temp file, since a row leaves the outbox only after its sidecar was written and renamed into place.
 * Walks the outbox (CROSS JOIN keeps SQLite from scanning every photo instead).
 */
export function outboxFolders(db: Db): string[] {
  return (
    db
      .prepare(
        `SELECT DISTINCT rtrim(p.path, replace(replace(p.path, '/', ''), '\\', '')) AS dir
         FROM sidecar_outbox o CROSS JOIN photos p ON p.id = o.photo_id`,
      )
      .all() as { dir: string }[]
  ).map((r) => r.dir);
}
