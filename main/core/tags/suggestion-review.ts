/** Reviewing suggestions of tags and of vocabulary concepts: groups, candidates by confidence, accept, reject — undoable. */
import type { Result, SuggestionCandidate, SuggestionGroup } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import { photoSummaries } from '../search/photo-summaries.js';
import { fail, ok } from '../result.js';
import { acceptConcept, conceptGroups, conceptPending, rejectConcept } from './concept-review.js';
import { findConcept, type ConceptRow } from './concepts.js';
import { defaultThreshold } from './suggest-scores.js';
import { normalizeTagName } from './tag-names.js';
import { findTag, requirePhotos, type TagRow } from './tag-store.js';
import type { EditOutcome } from './tag-edit.js';
import { captureScope, recordUndo } from './undo-log.js';

/** The model-wide context of a review: the global sensitivity and whether scores are calibrated probabilities. */
export interface ReviewContext {
  sensitivity: number;
  calibrated: boolean;
}

/** Pending suggestions whose photo does not already carry the tag. */
const PENDING = `s.status = 'pending' AND NOT EXISTS (SELECT 1 FROM photo_tags pt WHERE pt.photo_id = s.photo_id AND pt.tag_id = s.tag_id)`;

/**
 * One group per tag or vocabulary concept with pending suggestions, most photos above the threshold first, then
 * most suggestions.
 */
export function reviewGroups(db: Db, ctx: ReviewContext): SuggestionGroup[] {
  const fallback = defaultThreshold(ctx.sensitivity);
  const rows = db
    .prepare(
      `SELECT t.name AS tag, t.category, COUNT(*) AS count, COALESCE(t.threshold, ?) AS threshold,
         SUM(s.score >= COALESCE(t.threshold, ?)) AS aboveThreshold
       FROM suggestions s JOIN tags t ON t.id = s.tag_id WHERE ${PENDING}
       GROUP BY t.id`,
    )
    .all(fallback, fallback) as Omit<SuggestionGroup, 'calibrated'>[];
  const all = [...rows, ...conceptGroups(db, fallback)];
  all.sort((a, b) => b.aboveThreshold - a.aboveThreshold || b.count - a.count || a.tag.localeCompare(b.tag));
  return all.map((r) => ({ ...r, calibrated: ctx.calibrated }));
}

/** The tag of that name, else the vocabulary concept of that name (not a tag yet), else not_found. */
function targetByName(db: Db, raw: string): Result<{ tag: TagRow } | { concept: ConceptRow }> {
  const n = normalizeTagName(raw);
  if (!n.ok) return fail('invalid_input', n.message);
  const tag = findTag(db, n.name);
  if (tag) return ok({ tag });
  const concept = findConcept(db, n.name);
  return concept ? ok({ concept }) : fail('not_found', `No tag named "${n.name}"`);
}

/** A tag's pending candidates, most confident first. */
export function tagCandidates(db: Db, ctx: ReviewContext, tag: string, offset = 0, limit = 100): Result<SuggestionCandidate[]> {
  const t = targetByName(db, tag);
  if (!t.ok) return t;
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 1 || limit > 500) {
    return fail('invalid_input', 'offset must be ≥ 0 and limit from 1 to 500');
  }
  const fallback = defaultThreshold(ctx.sensitivity);
  const threshold = 'tag' in t.value ? (t.value.tag.threshold ?? fallback) : fallback;
  const rows =
    'tag' in t.value
      ? (db
          .prepare(
            `SELECT s.photo_id AS photoId, s.score FROM suggestions s WHERE s.tag_id = ? AND ${PENDING} ORDER BY s.score DESC, s.photo_id LIMIT ? OFFSET ?`,
          )
          .all(t.value.tag.id, limit, offset) as { photoId: number; score: number }[])
      : conceptPending(db, t.value.concept, offset, limit);
  const photos = new Map(
    photoSummaries(
      db,
      rows.map((r) => r.photoId),
    ).map((p) => [p.id, p]),
  );
  return ok(
    rows.flatMap((r) =>
      photos.has(r.photoId) ? [{ photo: photos.get(r.photoId)!, score: r.score, aboveThreshold: r.score >= threshold }] : [],
    ),
  );
}

/** Which pending suggestions of a tag to act on: given photos, or all scoring at least `minScore`, or all above the threshold. */
function pendingFor(
  db: Db,
  ctx: ReviewContext,
  tag: TagRow,
  photoIds?: number[],
  minScore?: number,
): Result<{ photoId: number; score: number }[]> {
  if (photoIds !== undefined) {
    const checked = requirePhotos(db, photoIds);
    if (!checked.ok) return checked;
  }
  if (minScore !== undefined && (typeof minScore !== 'number' || !Number.isFinite(minScore)))
    return fail('invalid_input', 'minScore must be a number');
  const min = minScore ?? (photoIds === undefined ? (tag.threshold ?? defaultThreshold(ctx.sensitivity)) : -Infinity);
  const rows = db
    .prepare(`SELECT s.photo_id AS photoId, s.score FROM suggestions s WHERE s.tag_id = ? AND ${PENDING} ORDER BY s.photo_id`)
    .all(tag.id) as { photoId: number; score: number }[];
  const only = photoIds === undefined ? null : new Set(photoIds);
  return ok(rows.filter((r) => r.score >= min && (only === null || only.has(r.photoId))));
}

/**
 * Accepts suggestions of a tag: the given photos, or every pending one scoring at least `minScore`, or (neither
 * given) every one above the tag's threshold. Accepted tags are photo_tags rows with source 'suggestion' and the
 * score, so they remember where they came from. Undoable.
 */
export function acceptSuggestions(
  db: Db,
  ctx: ReviewContext,
  req: { tag: string; photoIds?: number[]; minScore?: number },
  now = Date.now(),
): Result<EditOutcome> {
  const t = targetByName(db, req.tag);
  if (!t.ok) return t;
  if (req.minScore !== undefined && (typeof req.minScore !== 'number' || !Number.isFinite(req.minScore)))
    return fail('invalid_input', 'minScore must be a number');
  if (!('tag' in t.value)) {
    const minScore = req.minScore ?? (req.photoIds === undefined ? defaultThreshold(ctx.sensitivity) : -Infinity);
    return acceptConcept(db, t.value.concept, { photoIds: req.photoIds, minScore }, now);
  }
  const chosen = pendingFor(db, ctx, t.value.tag, req.photoIds, req.minScore);
  if (!chosen.ok) return chosen;
  return ok(apply(db, t.value.tag, chosen.value, 'accepted', now));
}

/** Rejects suggestions of a tag for the given photos; they never come back when suggesting again. Undoable. */
export function rejectSuggestions(
  db: Db,
  ctx: ReviewContext,
  req: { tag: string; photoIds: number[] },
  now = Date.now(),
): Result<EditOutcome> {
  const t = targetByName(db, req.tag);
  if (!t.ok) return t;
  if (req.photoIds === undefined) return fail('invalid_input', 'Choose the photos whose suggestions to reject');
  if (!('tag' in t.value)) return rejectConcept(db, t.value.concept, req.photoIds, now);
  const chosen = pendingFor(db, ctx, t.value.tag, req.photoIds);
  if (!chosen.ok) return chosen;
  return ok(apply(db, t.value.tag, chosen.value, 'rejected', now));
}

function apply(db: Db, tag: TagRow, rows: { photoId: number; score: number }[], status: 'accepted' | 'rejected', now: number): EditOutcome {
  const photoIds = rows.map((r) => r.photoId);
  const verb = status === 'accepted' ? 'Accepted' : 'Rejected';
  const label = `${verb} "${tag.name}" on ${photoIds.length} photo${photoIds.length === 1 ? '' : 's'}`;
  if (rows.length === 0) return { change: { label, photos: 0, undoable: false } };
  return db
    .transaction((): EditOutcome => {
      const before = captureScope(db, { tagIds: [tag.id], photoIds });
      const mark = db.prepare('UPDATE suggestions SET status = ?, updated_at = ? WHERE photo_id = ? AND tag_id = ?');
      const add = db.prepare(
        `INSERT INTO photo_tags (photo_id, tag_id, source, score, created_at) VALUES (?, ?, 'suggestion', ?, ?)
       ON CONFLICT(photo_id, tag_id) DO NOTHING`,
      );
      for (const r of rows) {
        mark.run(status, now, r.photoId, tag.id);
        if (status === 'accepted') add.run(r.photoId, tag.id, r.score, now);
      }
      recordUndo(db, { label, photos: photoIds.length, createdTagIds: [], ...before });
      return { change: { label, photos: photoIds.length, undoable: true } };
    })
    .immediate();
}
