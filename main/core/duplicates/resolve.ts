/** Resolving a duplicate group: the kept photo gains the others' tags, the others go to the trash; undo puts all back. */
import { existsSync, statSync } from 'node:fs';
import type { Db } from '../catalog/db.js';
import { restoreFromTrash, trashFile, type TrashedFile, type TrashTarget } from './trash.js';

type Row = Record<string, unknown>;

/** What undo needs, stored as JSON in trash_log (vectors as base64). */
interface TrashRecord {
  removed: { trashed: TrashedFile; photo: Row; tags: Row[]; embeddings: Row[] }[];
  /** Tags the kept photo did not have before. */
  carried: number[];
}

/** The catalog refused the change after the files had moved; they were put back, so nothing changed. */
export class CatalogWriteError extends Error {
  constructor(cause: unknown) {
    super('the catalog could not record moving photos to the trash', { cause });
  }
}

/** What a resolve did. */
export interface ResolveOutcome {
  trashed: number;
  tagsCarried: number;
  /** Why some photos stayed (a file that could not be moved), in plain words. */
  kept: { path: string; reason: string }[];
  undoId: number | null;
}

/** The photos columns that are stored (generated ones are computed and cannot be written). */
function storedColumns(db: Db): string[] {
  return (db.prepare(`PRAGMA table_xinfo(photos)`).all() as { name: string; hidden: number }[])
    .filter((c) => c.hidden === 0)
    .map((c) => c.name);
}

/**
 * Moves each of `removeIds` to the trash (its file first; a file that cannot move keeps its photo), gives `keepId`
 * (when there is one: a duplicate group's keeper) every tag they had, and forgets them in the catalog, recording how
 * to undo it all. Throws {@link CatalogWriteError}, after putting the moved files back, when the catalog refuses.
 */
export async function resolveDuplicates(
  db: Db,
  keepId: number | null,
  removeIds: readonly number[],
  trash: TrashTarget,
): Promise<ResolveOutcome> {
  const record: TrashRecord = { removed: [], carried: [] };
  const kept: ResolveOutcome['kept'] = [];
  const pendingIds: number[] = [];
  try {
    const columns = storedColumns(db);
    for (const id of removeIds) {
      if (id === keepId) continue;
      const photo = db.prepare(`SELECT ${columns.join(', ')} FROM photos WHERE id = ?`).get(id) as Row | undefined;
      if (!photo) continue;
      const tags = db.prepare(`SELECT * FROM photo_tags WHERE photo_id = ?`).all(id) as Row[];
      const embeddings = (db.prepare(`SELECT * FROM embeddings WHERE photo_id = ?`).all(id) as Row[]).map((e) => ({
        ...e,
        vector: e.vector instanceof Buffer ? e.vector.toString('base64') : null,
      }));
      const pending = notePending(db, String(photo.path), trash);
      try {
        const trashed = await trashFile(String(photo.path), trash);
        record.removed.push({ trashed, photo, tags, embeddings });
        if (pending !== null) pendingIds.push(pending);
      } catch (err) {
        if (pending !== null) db.prepare(`DELETE FROM trash_pending WHERE id = ?`).run(pending);
        const code = (err as NodeJS.ErrnoException).code;
        kept.push({
          path: String(photo.path),
          reason: code === 'ENOENT' ? 'the file is already gone' : 'the file could not be moved to the trash',
        });
      }
    }
    if (record.removed.length === 0) return { trashed: 0, tagsCarried: 0, kept, undoId: null };
    const undoId = forget(db, keepId, record, pendingIds);
    return { trashed: record.removed.length, tagsCarried: record.carried.length, kept, undoId };
  } catch (err) {
    // Only the catalog throws here (a file that cannot move is kept above): busy, read-only, disk full.
    await putBack(db, record, pendingIds);
    throw new CatalogWriteError(err);
  }
}

/** Puts the files of `record` back from the trash; a file that cannot come back now stays pending for the next start. */
async function putBack(db: Db, record: TrashRecord, pendingIds: readonly number[]): Promise<void> {
  for (const [i, r] of record.removed.entries()) {
    const back = await restoreFromTrash(r.trashed).then(
      () => true,
      () => false,
    );
    const pending = pendingIds[i];
    if (back && pending !== undefined) {
      try {
        db.prepare(`DELETE FROM trash_pending WHERE id = ?`).run(pending);
      } catch {
        // Still refused: the next start finds the file in place and drops the note.
      }
    }
  }
}

/** Notes a file about to move into Shoebox's own trash (the system trash cannot be put back from here): null otherwise. */
function notePending(db: Db, path: string, trash: TrashTarget): number | null {
  if (!('dir' in trash)) return null;
  return Number(
    db
      .prepare(`INSERT INTO trash_pending (original, trash_dir, pid, started_at) VALUES (?, ?, ?, ?)`)
      .run(path, trash.dir, process.pid, Date.now()).lastInsertRowid,
  );
}

/** In one transaction: carries the removed photos' tags to `keepId`, forgets them, records the undo, clears `pendingIds`. */
function forget(db: Db, keepId: number | null, record: TrashRecord, pendingIds: readonly number[]): number {
  return db
    .transaction(() => {
      const had = new Set(
        keepId === null ? [] : (db.prepare(`SELECT tag_id FROM photo_tags WHERE photo_id = ?`).pluck().all(keepId) as number[]),
      );
      const carry = db.prepare(`INSERT OR IGNORE INTO photo_tags (photo_id, tag_id, source, score, created_at) VALUES (?, ?, ?, ?, ?)`);
      for (const r of record.removed) {
        for (const t of r.tags) {
          if (had.has(t.tag_id as number)) continue;
          carry.run(keepId, t.tag_id, t.source, t.score, t.created_at);
          had.add(t.tag_id as number);
          record.carried.push(t.tag_id as number);
        }
        db.prepare(`DELETE FROM photos WHERE id = ?`).run(r.photo.id);
      }
      db.prepare(`DELETE FROM trash_pending WHERE id IN (SELECT value FROM json_each(?))`).run(JSON.stringify(pendingIds));
      return Number(
        db.prepare(`INSERT INTO trash_log (created_at, keep_id, record) VALUES (?, ?, ?)`).run(Date.now(), keepId, JSON.stringify(record))
          .lastInsertRowid,
      );
    })
    .immediate();
}

/** Puts back what resolve `undoId` moved: files from the trash, their photos with tags and vectors; the kept photo loses the carried tags. */
export async function undoResolve(db: Db, undoId: number): Promise<{ restored: number; left: { path: string; reason: string }[] } | null> {
  const row = db.prepare(`SELECT keep_id AS keepId, record FROM trash_log WHERE id = ?`).get(undoId) as
    { keepId: number | null; record: string } | undefined;
  if (!row) return null;
  const record = JSON.parse(row.record) as TrashRecord;
  const insert = (table: string, r: Row): void => {
    const keys = Object.keys(r);
    db.prepare(`INSERT OR IGNORE INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`).run(
      ...keys.map((k) => r[k]),
    );
  };
  // Rows first, then files: a watcher that sees a file come back finds its photo already there (never a second one).
  db.transaction(() => {
    for (const r of record.removed) {
      insert('photos', r.photo);
      for (const t of r.tags) insert('photo_tags', t);
      for (const e of r.embeddings)
        insert('embeddings', { ...e, vector: typeof e.vector === 'string' ? Buffer.from(e.vector, 'base64') : null });
    }
  }).immediate();
  const back: TrashRecord['removed'] = [];
  const left: { path: string; reason: string }[] = [];
  for (const r of record.removed) {
    try {
      // Put back by hand from the file manager (or by an undo a crash cut short): its rows are all it needed.
      if (!alreadyBack(r)) await restoreFromTrash(r.trashed);
      back.push(r);
    } catch (err) {
      db.prepare(`DELETE FROM photos WHERE id = ?`).run(r.photo.id);
      const message = err instanceof Error ? err.message : '';
      const reason = /exists again/.test(message)
        ? 'a file has taken its place'
        : /system trash/.test(message)
          ? 'it is in the system trash: put it back from there'
          : 'it is no longer in the trash';
      left.push({ path: r.trashed.original, reason });
    }
  }
  db.transaction(() => {
    // The kept photo keeps the carried tags while any photo they came from is still in the trash: tags are never lost.
    const drop = db.prepare(`DELETE FROM photo_tags WHERE photo_id = ? AND tag_id = ?`);
    if (left.length === 0) for (const tagId of record.carried) drop.run(row.keepId, tagId);
    db.prepare(`DELETE FROM trash_log WHERE id = ?`).run(undoId);
  }).immediate();
  return { restored: back.length, left };
}

/** Whether a trashed file is already where it was: gone from the trash, and a file of its size at its place. */
function alreadyBack(r: TrashRecord['removed'][number]): boolean {
  if (r.trashed.file === null || existsSync(r.trashed.file)) return false;
  try {
    return statSync(r.trashed.original).size === r.photo.size;
  } catch {
    return false;
  }
}
