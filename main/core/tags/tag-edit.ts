/** A person's tag edits on one or many photos: add, remove, rename, merge, delete — each one undoable. */
import type { Result, TagChange } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import { fail, ok } from '../result.js';
import { categoryOf, normalizeTagName, normalizeTagNames } from './tag-names.js';
import { ensureTag, findTag, requirePhotos, requireTags, type TagRow } from './tag-store.js';
import { captureScope, recordUndo, type UndoScope } from './undo-log.js';

/** What an edit changed (the sidecars it affects are queued in the catalog's outbox by triggers, in its transaction). */
export interface EditOutcome {
  change: TagChange;
}

/** Runs `op` in a transaction that takes the write lock at once (BEGIN IMMEDIATE: waits up to the busy timeout, never fails half-way), logging the before-image of `scope` for undo when it changed anything. */
function undoable(db: Db, label: string, scope: UndoScope, op: () => { photoIds: number[]; createdTagIds: number[] }): EditOutcome {
  return db
    .transaction((): EditOutcome => {
      const before = captureScope(db, scope);
      const { photoIds, createdTagIds } = op();
      // Tag-wide edits (rename, merge, delete: photo scope null or empty) always change the tags table.
      const tagWide = scope.photoIds === null || scope.photoIds.length === 0;
      const changed = tagWide || photoIds.length > 0 || createdTagIds.length > 0;
      if (changed) recordUndo(db, { label, photos: photoIds.length, createdTagIds, ...before });
      return { change: { label, photos: photoIds.length, undoable: changed } };
    })
    .immediate();
}

function photosOfTags(db: Db, tagIds: number[]): number[] {
  return (
    db
      .prepare('SELECT DISTINCT photo_id AS id FROM photo_tags WHERE tag_id IN (SELECT value FROM json_each(?)) ORDER BY photo_id')
      .all(JSON.stringify(tagIds)) as { id: number }[]
  ).map((r) => r.id);
}

function describe(verb: string, names: string[], photos: number): string {
  const what = names.length === 1 ? `"${names[0]}"` : `${names.length} tags`;
  return `${verb} ${what} ${verb === 'Added' ? 'to' : 'from'} ${photos} photo${photos === 1 ? '' : 's'}`;
}

/** Adds tags (created when new) to photos as manual tags; pending suggestions of those pairs become accepted. */
export function addTags(db: Db, photoIds: number[], names: string[], now = Date.now()): Result<EditOutcome> {
  const n = normalizeTagNames(names);
  if (!n.ok) return fail('invalid_input', n.message);
  const photos = requirePhotos(db, photoIds);
  if (!photos.ok) return photos;
  const existing = n.names.map((name) => findTag(db, name)).filter((t): t is TagRow => t !== null);
  const scope = { tagIds: existing.map((t) => t.id), photoIds: photos.value };
  return ok(
    undoable(db, describe('Added', n.names, photos.value.length), scope, () => {
      const createdTagIds: number[] = [];
      const insert = db.prepare(
        `INSERT INTO photo_tags (photo_id, tag_id, source, score, created_at) VALUES (?, ?, 'manual', NULL, ?)
         ON CONFLICT(photo_id, tag_id) DO NOTHING`,
      );
      const accept = db.prepare(
        `UPDATE suggestions SET status = 'accepted', updated_at = ? WHERE photo_id = ? AND tag_id = ? AND status = 'pending'`,
      );
      const touched = new Set<number>();
      for (const name of n.names) {
        const had = findTag(db, name);
        const tagId = had?.id ?? ensureTag(db, name, {}, now);
        if (!had) createdTagIds.push(tagId);
        for (const photoId of photos.value) {
          if (insert.run(photoId, tagId, now).changes > 0) touched.add(photoId);
          accept.run(now, photoId, tagId);
        }
      }
      return { photoIds: [...touched].sort((a, b) => a - b), createdTagIds };
    }),
  );
}

/** Removes tags from photos. A removed tag that came from an accepted suggestion turns into a rejection. */
export function removeTags(db: Db, photoIds: number[], names: string[], now = Date.now()): Result<EditOutcome> {
  const n = normalizeTagNames(names);
  if (!n.ok) return fail('invalid_input', n.message);
  const tags = requireTags(db, n.names);
  if (!tags.ok) return tags;
  const photos = requirePhotos(db, photoIds);
  if (!photos.ok) return photos;
  const scope = { tagIds: tags.value.map((t) => t.id), photoIds: photos.value };
  return ok(
    undoable(db, describe('Removed', n.names, photos.value.length), scope, () => {
      const del = db.prepare('DELETE FROM photo_tags WHERE photo_id = ? AND tag_id = ?');
      const reject = db.prepare(
        `UPDATE suggestions SET status = 'rejected', updated_at = ? WHERE photo_id = ? AND tag_id = ? AND status = 'accepted'`,
      );
      const touched = new Set<number>();
      for (const tag of tags.value) {
        for (const photoId of photos.value) {
          if (del.run(photoId, tag.id).changes > 0) {
            touched.add(photoId);
            reject.run(now, photoId, tag.id);
          }
        }
      }
      return { photoIds: [...touched].sort((a, b) => a - b), createdTagIds: [] };
    }),
  );
}

/** Renames a tag; renaming onto another existing tag is a conflict (merge them instead). */
export function renameTag(db: Db, from: string, to: string): Result<EditOutcome> {
  const src = normalizeTagName(from);
  if (!src.ok) return fail('invalid_input', src.message);
  const dst = normalizeTagName(to);
  if (!dst.ok) return fail('invalid_input', dst.message);
  const tag = findTag(db, src.name);
  if (!tag) return fail('not_found', `No tag named "${src.name}"`);
  const clash = findTag(db, dst.name);
  if (clash && clash.id !== tag.id) return fail('conflict', `A tag named "${clash.name}" already exists: merge the two tags instead`);
  // Renaming a tag to the very name it has changes nothing: no undo entry that would undo nothing.
  if (dst.name === tag.name) return ok({ change: { label: `"${tag.name}" already has that name`, photos: 0, undoable: false } });
  const photoIds = photosOfTags(db, [tag.id]);
  return ok(
    undoable(db, `Renamed "${tag.name}" to "${dst.name}"`, { tagIds: [tag.id], photoIds: [] }, () => {
      db.prepare('UPDATE tags SET name = ?, category = ? WHERE id = ?').run(dst.name, categoryOf(dst.name), tag.id);
      return { photoIds, createdTagIds: [] };
    }),
  );
}

/** Merges tags into one (created when new): every photo keeps its tag under the new name; the old tags go. */
export function mergeTags(db: Db, from: string[], into: string, now = Date.now()): Result<EditOutcome> {
  const n = normalizeTagNames(from);
  if (!n.ok) return fail('invalid_input', n.message);
  const dst = normalizeTagName(into);
  if (!dst.ok) return fail('invalid_input', dst.message);
  const tags = requireTags(db, n.names);
  if (!tags.ok) return tags;
  const target = findTag(db, dst.name);
  const sources = tags.value.filter((t) => t.id !== target?.id);
  if (sources.length === 0) return fail('invalid_input', `Choose at least one tag other than "${dst.name}" to merge into it`);
  const sourceIds = sources.map((t) => t.id);
  const scope = { tagIds: target ? [...sourceIds, target.id] : sourceIds, photoIds: null };
  const photoIds = photosOfTags(db, sourceIds);
  const label = `Merged ${sources.map((t) => `"${t.name}"`).join(', ')} into "${dst.name}"`;
  return ok(
    undoable(db, label, scope, () => {
      const intoId = target?.id ?? ensureTag(db, dst.name, {}, now);
      db.prepare(
        `INSERT INTO photo_tags (photo_id, tag_id, source, score, created_at)
         SELECT photo_id, ?, source, score, created_at FROM photo_tags WHERE tag_id IN (SELECT value FROM json_each(?))
         ORDER BY CASE source WHEN 'manual' THEN 0 WHEN 'imported' THEN 1 ELSE 2 END
         ON CONFLICT(photo_id, tag_id) DO NOTHING`,
      ).run(intoId, JSON.stringify(sourceIds));
      db.prepare('DELETE FROM tags WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(sourceIds));
      return { photoIds, createdTagIds: target ? [] : [intoId] };
    }),
  );
}

/** Deletes a tag from every photo, with its suggestions. */
export function deleteTag(db: Db, name: string): Result<EditOutcome> {
  const n = normalizeTagName(name);
  if (!n.ok) return fail('invalid_input', n.message);
  const tag = findTag(db, n.name);
  if (!tag) return fail('not_found', `No tag named "${n.name}"`);
  const photoIds = photosOfTags(db, [tag.id]);
  return ok(
    undoable(db, `Deleted "${tag.name}"`, { tagIds: [tag.id], photoIds: null }, () => {
      db.prepare('DELETE FROM tags WHERE id = ?').run(tag.id);
      return { photoIds, createdTagIds: [] };
    }),
  );
}
