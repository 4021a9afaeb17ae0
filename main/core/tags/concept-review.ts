/** Reviewing proposals of vocabulary concepts that are not tags yet: accepting one makes it a tag; both undoable. */
import type { Result, SuggestionGroup } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import { requirePhotos, ensureTag } from './tag-store.js';
import type { ConceptRow } from './concepts.js';
import type { EditOutcome } from './tag-edit.js';
import { captureConcepts, recordUndo } from './undo-log.js';
import { fail, ok } from '../result.js';

/** Pending proposals of concepts that no tag of the person's is named after. */
const OPEN = `cs.status = 'pending' AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.name = c.name)`;

/** One review group per concept with pending proposals (the threshold is the model-wide default). */
export function conceptGroups(db: Db, threshold: number): Omit<SuggestionGroup, 'calibrated'>[] {
  return db
    .prepare(
      `SELECT c.name AS tag, c.category, COUNT(*) AS count, ? AS threshold, SUM(cs.score >= ?) AS aboveThreshold
       FROM concept_suggestions cs JOIN concepts c ON c.id = cs.concept_id WHERE ${OPEN} GROUP BY c.id`,
    )
    .all(threshold, threshold) as Omit<SuggestionGroup, 'calibrated'>[];
}

/** A concept's pending proposals, most confident first. */
export function conceptPending(db: Db, concept: ConceptRow, offset: number, limit: number): { photoId: number; score: number }[] {
  return db
    .prepare(
      `SELECT photo_id AS photoId, score FROM concept_suggestions WHERE concept_id = ? AND status = 'pending' ORDER BY score DESC, photo_id LIMIT ? OFFSET ?`,
    )
    .all(concept.id, limit, offset) as { photoId: number; score: number }[];
}

/**
 * Accepts a concept's proposals (given photos, or all scoring at least `minScore`): the concept becomes a tag with
 * its prompt, every proposal of it moves over to that tag, and the chosen ones are applied. Undo removes the tag
 * again and puts the concept's proposals back exactly.
 */
export function acceptConcept(
  db: Db,
  concept: ConceptRow,
  req: { photoIds?: number[]; minScore: number },
  now = Date.now(),
): Result<EditOutcome> {
  if (req.photoIds !== undefined) {
    const checked = requirePhotos(db, req.photoIds);
    if (!checked.ok) return checked;
  }
  const only = req.photoIds === undefined ? null : new Set(req.photoIds);
  const chosen = conceptPending(db, concept, 0, -1).filter((r) => r.score >= req.minScore && (only === null || only.has(r.photoId)));
  const label = `Accepted "${concept.name}" on ${chosen.length} photo${chosen.length === 1 ? '' : 's'}`;
  if (chosen.length === 0) return ok({ change: { label, photos: 0, undoable: false }, photoIds: [] });
  return ok(
    db.transaction((): EditOutcome => {
      const before = captureConcepts(db, [concept.id], null);
      const tagId = ensureTag(db, concept.name, { prompt: concept.prompt, category: concept.category }, now);
      db.prepare(
        `INSERT INTO suggestions (photo_id, tag_id, model_id, score, status, updated_at)
         SELECT photo_id, ?, model_id, score, status, updated_at FROM concept_suggestions WHERE concept_id = ?
         ON CONFLICT(photo_id, tag_id) DO NOTHING`,
      ).run(tagId, concept.id);
      db.prepare('DELETE FROM concept_suggestions WHERE concept_id = ?').run(concept.id);
      const mark = db.prepare(`UPDATE suggestions SET status = 'accepted', updated_at = ? WHERE photo_id = ? AND tag_id = ?`);
      const add = db.prepare(
        `INSERT INTO photo_tags (photo_id, tag_id, source, score, created_at) VALUES (?, ?, 'suggestion', ?, ?) ON CONFLICT(photo_id, tag_id) DO NOTHING`,
      );
      for (const r of chosen) {
        mark.run(now, r.photoId, tagId);
        add.run(r.photoId, tagId, r.score, now);
      }
      const photoIds = chosen.map((r) => r.photoId).sort((a, b) => a - b);
      recordUndo(db, {
        label,
        photos: photoIds.length,
        tagIds: [],
        photoIds: [],
        createdTagIds: [tagId],
        tags: [],
        photoTags: [],
        suggestions: [],
        concepts: before,
      });
      return { change: { label, photos: photoIds.length, undoable: true } };
    })(),
  );
}

/** Rejects a concept's proposals for the given photos; they never come back. Undoable. */
export function rejectConcept(db: Db, concept: ConceptRow, photoIds: number[], now = Date.now()): Result<EditOutcome> {
  const checked = requirePhotos(db, photoIds);
  if (!checked.ok) return checked;
  if (checked.value.length === 0) return fail('invalid_input', 'Choose the photos whose suggestions to reject');
  return ok(
    db.transaction((): EditOutcome => {
      const before = captureConcepts(db, [concept.id], checked.value);
      const changed = db
        .prepare(
          `UPDATE concept_suggestions SET status = 'rejected', updated_at = ?
           WHERE concept_id = ? AND status = 'pending' AND photo_id IN (SELECT value FROM json_each(?))`,
        )
        .run(now, concept.id, JSON.stringify(checked.value)).changes;
      const label = `Rejected "${concept.name}" on ${changed} photo${changed === 1 ? '' : 's'}`;
      if (changed > 0) {
        recordUndo(db, {
          label,
          photos: changed,
          tagIds: [],
          photoIds: [],
          createdTagIds: [],
          tags: [],
          photoTags: [],
          suggestions: [],
          concepts: before,
        });
      }
      return { change: { label, photos: changed, undoable: changed > 0 } };
    })(),
  );
}
