/** The tags table: look-ups by name, creation, and the tag list with usage counts. */
import type { Result, TagSummary } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import { fail, ok } from '../result.js';
import type { EditOutcome } from './tag-edit.js';
import { categoryOf, normalizeTagName } from './tag-names.js';
import { recordUndo } from './undo-log.js';

/** One tags row. */
export interface TagRow {
  id: number;
  name: string;
  category: string | null;
  prompt: string | null;
  threshold: number | null;
  createdAt: number;
}

const tagColumns = 'id, name, category, prompt, threshold, created_at AS createdAt';

/** A tag by (normalised) name, case-insensitively, or null. */
export function findTag(db: Db, name: string): TagRow | null {
  return (db.prepare(`SELECT ${tagColumns} FROM tags WHERE name = ?`).get(name) as TagRow | undefined) ?? null;
}

/** Every tag row, by name. */
export function allTags(db: Db): TagRow[] {
  return db.prepare(`SELECT ${tagColumns} FROM tags ORDER BY name`).all() as TagRow[];
}

/** The id of the tag named `name`, creating it (category from its first level) when missing. */
export function ensureTag(
  db: Db,
  name: string,
  extra: { prompt?: string | null; category?: string | null } = {},
  now = Date.now(),
): number {
  const existing = findTag(db, name);
  if (existing) return existing.id;
  const info = db
    .prepare('INSERT INTO tags (name, category, prompt, threshold, created_at) VALUES (?, ?, ?, NULL, ?)')
    .run(name, extra.category ?? categoryOf(name), extra.prompt ?? null, now);
  return Number(info.lastInsertRowid);
}

/** Creates a tag that is on no photo yet; a tag of that name already existing is a conflict. Undoable. */
export function createTag(db: Db, raw: string, now = Date.now()): Result<EditOutcome> {
  const n = normalizeTagName(raw);
  if (!n.ok) return fail('invalid_input', n.message);
  const existing = findTag(db, n.name);
  if (existing) return fail('conflict', `A tag named "${existing.name}" already exists`);
  return ok(
    db.transaction((): EditOutcome => {
      const id = ensureTag(db, n.name, {}, now);
      const label = `Created "${n.name}"`;
      recordUndo(db, { label, photos: 0, tagIds: [], photoIds: [], createdTagIds: [id], tags: [], photoTags: [], suggestions: [] });
      return { change: { label, photos: 0, undoable: true } };
    })(),
  );
}

/** The rows of existing tags by name, or not_found naming the first unknown one. */
export function requireTags(db: Db, names: readonly string[]): Result<TagRow[]> {
  const rows: TagRow[] = [];
  for (const name of names) {
    const row = findTag(db, name);
    if (!row) return fail('not_found', `No tag named "${name}"`);
    rows.push(row);
  }
  return ok(rows);
}

/** Checks that every photo id exists; not_found lists (up to five of) the unknown ones. */
export function requirePhotos(db: Db, photoIds: readonly number[]): Result<number[]> {
  if (photoIds.length === 0) return fail('invalid_input', 'Choose at least one photo');
  const bad = photoIds.filter((id) => !Number.isSafeInteger(id));
  if (bad.length > 0) return fail('invalid_input', `Photo ids must be whole numbers (got ${String(bad[0])})`);
  const unique = [...new Set(photoIds)];
  const found = new Set(
    (db.prepare('SELECT id FROM photos WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(unique)) as { id: number }[]).map(
      (r) => r.id,
    ),
  );
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length > 0) {
    const shown = missing.slice(0, 5).join(', ');
    return fail('not_found', `No photo with id ${shown}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}`);
  }
  return ok(unique);
}

/**
 * The person's tags (never the vocabulary: see [Note: Vocabulary apart from tags]) with their photo count, pending
 * suggestions and threshold override, by name.
 */
export function listTags(db: Db): TagSummary[] {
  return db
    .prepare(
      `SELECT t.id, t.name, t.category, t.threshold,
         (SELECT COUNT(*) FROM photo_tags pt WHERE pt.tag_id = t.id) AS photoCount,
         (SELECT COUNT(*) FROM suggestions s WHERE s.tag_id = t.id AND s.status = 'pending') AS pendingSuggestions
       FROM tags t ORDER BY t.name`,
    )
    .all() as TagSummary[];
}
