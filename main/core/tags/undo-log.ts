/** The undo log of bulk tag operations: captures the rows an operation touches and puts them back exactly. */
import type { TagChange } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';

/** How many bulk operations stay undoable. */
export const UNDO_KEEP = 20;

type Row = Record<string, unknown>;

/**
 * Everything needed to reverse one operation: the rows of `tags`, `photo_tags` and `suggestions` in its scope as
 * they were before (scope = the tags `tagIds`, on the photos `photoIds` or on every photo when null), and the tags
 * it created (deleted on undo, with whatever rows they gained).
 */
export interface UndoEntry {
  label: string;
  photos: number;
  tagIds: number[];
  photoIds: number[] | null;
  createdTagIds: number[];
  tags: Row[];
  photoTags: Row[];
  suggestions: Row[];
  /** Proposals of vocabulary concepts in scope (accepting or rejecting a concept that is not a tag yet). */
  concepts?: { conceptIds: number[]; photoIds: number[] | null; rows: Row[] };
}

/** The scope of an operation, captured BEFORE it runs. */
export interface UndoScope {
  tagIds: number[];
  photoIds: number[] | null;
}

function scoped(table: 'photo_tags' | 'suggestions', scope: UndoScope): { sql: string; args: string[] } {
  const photos = scope.photoIds === null ? '' : ' AND photo_id IN (SELECT value FROM json_each(?))';
  const args = [JSON.stringify(scope.tagIds)];
  if (scope.photoIds !== null) args.push(JSON.stringify(scope.photoIds));
  return { sql: `FROM ${table} WHERE tag_id IN (SELECT value FROM json_each(?))${photos}`, args };
}

/** Reads the concept proposals an operation on these concepts (on `photoIds`, or every photo) may change. */
export function captureConcepts(db: Db, conceptIds: number[], photoIds: number[] | null): NonNullable<UndoEntry['concepts']> {
  const photos = photoIds === null ? '' : ' AND photo_id IN (SELECT value FROM json_each(?))';
  const args = photoIds === null ? [JSON.stringify(conceptIds)] : [JSON.stringify(conceptIds), JSON.stringify(photoIds)];
  const rows = db
    .prepare(
      `SELECT * FROM concept_suggestions WHERE concept_id IN (SELECT value FROM json_each(?))${photos} ORDER BY photo_id, concept_id`,
    )
    .all(...args) as Row[];
  return { conceptIds, photoIds, rows };
}

/** Reads the rows an operation on `scope` may change. */
export function captureScope(db: Db, scope: UndoScope): Pick<UndoEntry, 'tagIds' | 'photoIds' | 'tags' | 'photoTags' | 'suggestions'> {
  const pt = scoped('photo_tags', scope);
  const sg = scoped('suggestions', scope);
  return {
    tagIds: scope.tagIds,
    photoIds: scope.photoIds,
    tags: db
      .prepare('SELECT * FROM tags WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id')
      .all(JSON.stringify(scope.tagIds)) as Row[],
    photoTags: db.prepare(`SELECT * ${pt.sql} ORDER BY photo_id, tag_id`).all(...pt.args) as Row[],
    suggestions: db.prepare(`SELECT * ${sg.sql} ORDER BY photo_id, tag_id`).all(...sg.args) as Row[],
  };
}

/** Stores an entry and forgets all but the newest {@link UNDO_KEEP}. */
export function recordUndo(db: Db, entry: UndoEntry, now = Date.now()): void {
  db.prepare('INSERT INTO undo_log (label, ops, created_at) VALUES (?, ?, ?)').run(entry.label, JSON.stringify(entry), now);
  db.prepare('DELETE FROM undo_log WHERE id NOT IN (SELECT id FROM undo_log ORDER BY id DESC LIMIT ?)').run(UNDO_KEEP);
}

/**
 * Reverses the newest logged operation exactly and removes it from the log (write lock taken at once: BEGIN
 * IMMEDIATE); null when there is nothing to undo.
 */
export function undoLast(db: Db): TagChange | null {
  return db
    .transaction((): TagChange | null => {
      const row = db.prepare('SELECT id, label, ops FROM undo_log ORDER BY id DESC LIMIT 1').get() as
        { id: number; label: string; ops: string } | undefined;
      if (!row) return null;
      const e = JSON.parse(row.ops) as UndoEntry;
      const del = db.prepare('DELETE FROM tags WHERE id = ?');
      for (const id of e.createdTagIds) del.run(id);
      for (const t of e.tags) restoreTag(db, t);
      const scope = { tagIds: e.tagIds, photoIds: e.photoIds };
      for (const [table, rows] of [
        ['photo_tags', e.photoTags],
        ['suggestions', e.suggestions],
      ] as const) {
        const s = scoped(table, scope);
        db.prepare(`DELETE ${s.sql}`).run(...s.args);
        insertRows(db, table, rows);
      }
      if (e.concepts) restoreConcepts(db, e.concepts);
      db.prepare('DELETE FROM undo_log WHERE id = ?').run(row.id);
      return { label: `Undid: ${e.label}`, photos: e.photos, undoable: false };
    })
    .immediate();
}

function restoreConcepts(db: Db, c: NonNullable<UndoEntry['concepts']>): void {
  const photos = c.photoIds === null ? '' : ' AND photo_id IN (SELECT value FROM json_each(?))';
  const args = c.photoIds === null ? [JSON.stringify(c.conceptIds)] : [JSON.stringify(c.conceptIds), JSON.stringify(c.photoIds)];
  db.prepare(`DELETE FROM concept_suggestions WHERE concept_id IN (SELECT value FROM json_each(?))${photos}`).run(...args);
  insertRows(db, 'concept_suggestions', c.rows);
}

function restoreTag(db: Db, t: Row): void {
  const cols = Object.keys(t).filter((c) => c !== 'id');
  const exists = db.prepare('SELECT 1 FROM tags WHERE id = ?').get(t.id);
  if (exists) {
    db.prepare(`UPDATE tags SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(...cols.map((c) => t[c]), t.id);
  } else {
    insertRows(db, 'tags', [t]);
  }
}

function insertRows(db: Db, table: string, rows: Row[]): void {
  const first = rows[0];
  if (!first) return;
  const cols = Object.keys(first);
  const stmt = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  for (const r of rows) stmt.run(...cols.map((c) => r[c]));
}
