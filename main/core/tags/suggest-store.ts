/** The catalog side of a suggestion pass: pages of photos that need scoring, what to skip, and writing the picks. */
import { normalizeInPlace } from '../ml/scores.js';
import type { Db } from '../catalog/db.js';
import type { RowPick } from './suggest-scores.js';

/** A column of a pass: one of the person's tags, or a vocabulary concept that is not a tag yet. */
export interface PassTarget {
  kind: 'tag' | 'concept';
  id: number;
}

/** A page of photos to score: their ids and unit vectors, row after row. */
export interface PhotoPage {
  photoIds: number[];
  vectors: Float32Array;
}

// CROSS JOIN keeps embeddings the outer loop, walked by key page after page; left free, SQLite drove the join from an
// index of present photos and sorted them all for every page.
const STALE = `FROM embeddings e CROSS JOIN photos p ON p.id = e.photo_id LEFT JOIN suggestion_marks m ON m.photo_id = e.photo_id
  WHERE +e.model_id = ? AND +e.status = 'done' AND e.vector IS NOT NULL AND p.presence = 'present'
    AND (m.scored_with IS NULL OR m.scored_with != ? OR m.scored_at < e.updated_at)`;

/** The next `limit` photos after an id whose vector of a model was not scored with a vocabulary since it was computed. */
export const STALE_PAGE_SQL = `SELECT e.photo_id AS photoId, e.vector AS vector ${STALE} AND e.photo_id > ? ORDER BY e.photo_id LIMIT ?`;

/** How many photos have a vector of `modelKey` but were not scored with `scoredWith` since it was computed. */
export function countStale(db: Db, modelKey: string, scoredWith: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n ${STALE}`).get(modelKey, scoredWith) as { n: number }).n;
}

/** How many present photos have a vector of `modelKey`. */
export function countVectors(db: Db, modelKey: string): number {
  const sql = `SELECT COUNT(*) AS n FROM embeddings e JOIN photos p ON p.id = e.photo_id
    WHERE e.model_id = ? AND e.status = 'done' AND e.vector IS NOT NULL AND p.presence = 'present'`;
  return (db.prepare(sql).get(modelKey) as { n: number }).n;
}

function toPage(rows: { photoId: number; vector: Buffer }[], dim: number): PhotoPage {
  const usable = rows.filter((r) => r.vector.byteLength === dim * 4);
  const vectors = new Float32Array(usable.length * dim);
  usable.forEach((r, i) => {
    vectors.set(new Float32Array(r.vector.buffer, r.vector.byteOffset, dim), i * dim);
    normalizeInPlace(vectors.subarray(i * dim, (i + 1) * dim));
  });
  return { photoIds: usable.map((r) => r.photoId), vectors };
}

/** The next page of stale photos after photo id `after`, by id (a crash resumes where the marks stop). */
export function stalePage(
  db: Db,
  modelKey: string,
  scoredWith: string,
  dim: number,
  after: number,
  limit: number,
): { page: PhotoPage; last: number | null } {
  const rows = db.prepare(STALE_PAGE_SQL).all(modelKey, scoredWith, after, limit) as { photoId: number; vector: Buffer }[];
  return { page: toPage(rows, dim), last: rows.at(-1)?.photoId ?? null };
}

/** An even sample of at most `limit` photos of the library (every k-th by id): the background of each concept. */
export function samplePage(db: Db, modelKey: string, dim: number, total: number, limit: number): PhotoPage {
  const step = Math.max(1, Math.ceil(total / limit));
  const rows = db
    .prepare(
      `SELECT e.photo_id AS photoId, e.vector AS vector FROM embeddings e CROSS JOIN photos p ON p.id = e.photo_id
       WHERE +e.model_id = ? AND +e.status = 'done' AND e.vector IS NOT NULL AND p.presence = 'present' AND e.photo_id % ? = 0
       ORDER BY e.photo_id LIMIT ?`,
    )
    .all(modelKey, step, limit) as { photoId: number; vector: Buffer }[];
  return toPage(rows, dim);
}

/** Per photo of the page, the columns not to propose: rejected or accepted before, or already on the photo. */
export function skippedColumns(db: Db, photoIds: number[], targets: PassTarget[]): Map<number, Set<number>> {
  const tagColumn = new Map<number, number>();
  const conceptColumn = new Map<number, number>();
  targets.forEach((t, i) => (t.kind === 'tag' ? tagColumn : conceptColumn).set(t.id, i));
  const ids = JSON.stringify(photoIds);
  const out = new Map<number, Set<number>>();
  const add = (photo: number, column: number | undefined): void => {
    if (column === undefined) return;
    let set = out.get(photo);
    if (!set) out.set(photo, (set = new Set()));
    set.add(column);
  };
  const tagRows = db
    .prepare(
      `SELECT photo_id AS photo, tag_id AS id FROM suggestions WHERE photo_id IN (SELECT value FROM json_each(?)) AND status != 'pending'
       UNION ALL SELECT photo_id, tag_id FROM photo_tags WHERE photo_id IN (SELECT value FROM json_each(?))`,
    )
    .all(ids, ids) as { photo: number; id: number }[];
  for (const r of tagRows) add(r.photo, tagColumn.get(r.id));
  const conceptRows = db
    .prepare(
      `SELECT photo_id AS photo, concept_id AS id FROM concept_suggestions WHERE photo_id IN (SELECT value FROM json_each(?)) AND status = 'rejected'`,
    )
    .all(ids) as { photo: number; id: number }[];
  for (const r of conceptRows) add(r.photo, conceptColumn.get(r.id));
  return out;
}

/**
 * Replaces the pending proposals of the page's photos with `picks` and marks them scored with `scoredWith`, in one
 * transaction (so a crash leaves each photo either scored or not). Returns how many proposals were stored.
 */
export function storePicks(
  db: Db,
  modelKey: string,
  scoredWith: string,
  targets: PassTarget[],
  photoIds: number[],
  picks: RowPick[][],
  now = Date.now(),
): number {
  const clearTags = db.prepare(`DELETE FROM suggestions WHERE photo_id = ? AND status = 'pending'`);
  const clearConcepts = db.prepare(`DELETE FROM concept_suggestions WHERE photo_id = ? AND status = 'pending'`);
  const addTag = db.prepare(
    `INSERT INTO suggestions (photo_id, tag_id, model_id, score, status, updated_at) VALUES (?, ?, ?, ?, 'pending', ?) ON CONFLICT(photo_id, tag_id) DO NOTHING`,
  );
  const addConcept = db.prepare(
    `INSERT INTO concept_suggestions (photo_id, concept_id, model_id, score, status, updated_at) VALUES (?, ?, ?, ?, 'pending', ?)
     ON CONFLICT(photo_id, concept_id) DO NOTHING`,
  );
  const mark = db.prepare(
    `INSERT INTO suggestion_marks (photo_id, scored_with, scored_at) VALUES (?, ?, ?)
     ON CONFLICT(photo_id) DO UPDATE SET scored_with = excluded.scored_with, scored_at = excluded.scored_at`,
  );
  return db.transaction(() => {
    let stored = 0;
    photoIds.forEach((photo, i) => {
      clearTags.run(photo);
      clearConcepts.run(photo);
      for (const p of picks[i]!) {
        const t = targets[p.column]!;
        stored += (t.kind === 'tag' ? addTag : addConcept).run(photo, t.id, modelKey, p.score, now).changes;
      }
      mark.run(photo, scoredWith, now);
    });
    return stored;
  })();
}

/** Forgets that these photos (or every photo) were scored, so the next pass scores them again. */
export function clearMarks(db: Db, photoIds?: number[]): void {
  if (photoIds === undefined) db.prepare('DELETE FROM suggestion_marks').run();
  else db.prepare('DELETE FROM suggestion_marks WHERE photo_id IN (SELECT value FROM json_each(?))').run(JSON.stringify(photoIds));
}
