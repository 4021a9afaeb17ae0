/** The embeddings table: one float32 vector (or an error) per photo and model, with the content hash it came from. */
import type { Db } from './db.js';

/** Stores a computed vector (status done) as the raw float32 bytes, replacing any earlier row or error. */
export function saveEmbedding(db: Db, photoId: number, modelId: string, vector: Float32Array, sourceHash: string | null): void {
  const bytes = Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
  db.prepare(
    `INSERT INTO embeddings (photo_id, model_id, status, vector, source_hash, error, updated_at)
     VALUES (?, ?, 'done', ?, ?, NULL, ?)
     ON CONFLICT(photo_id, model_id) DO UPDATE SET status = 'done', vector = excluded.vector,
       source_hash = excluded.source_hash, error = NULL, updated_at = excluded.updated_at`,
  ).run(photoId, modelId, bytes, sourceHash, Date.now());
}

/** Records that a photo could not be embedded with a model, with the reason in words. */
export function saveEmbeddingError(db: Db, photoId: number, modelId: string, error: string): void {
  db.prepare(
    `INSERT INTO embeddings (photo_id, model_id, status, vector, source_hash, error, updated_at)
     VALUES (?, ?, 'error', NULL, NULL, ?, ?)
     ON CONFLICT(photo_id, model_id) DO UPDATE SET status = 'error', vector = NULL, source_hash = NULL,
       error = excluded.error, updated_at = excluded.updated_at`,
  ).run(photoId, modelId, error, Date.now());
}

/** Every vector of a model as one row-major matrix, with the photo id of each row. */
export interface EmbeddingMatrix {
  photoIds: Int32Array;
  vectors: Float32Array;
  dim: number;
}

/**
 * Loads the vectors of present photos (status done) for a model into one matrix, ordered by photo id.
 * Rows whose length differs from the first one's are left out (a corrupt or foreign row must not shift the matrix).
 */
export function loadEmbeddings(db: Db, modelId: string): EmbeddingMatrix {
  const rows = db
    .prepare(
      `SELECT e.photo_id AS photoId, e.vector AS vector FROM embeddings e JOIN photos p ON p.id = e.photo_id
       WHERE e.model_id = ? AND e.status = 'done' AND e.vector IS NOT NULL AND p.presence = 'present'
       ORDER BY e.photo_id`,
    )
    .all(modelId) as { photoId: number; vector: Buffer }[];
  const first = rows[0];
  if (!first) return { photoIds: new Int32Array(0), vectors: new Float32Array(0), dim: 0 };
  const dim = first.vector.byteLength / 4;
  const usable = rows.filter((r) => r.vector.byteLength === dim * 4);
  const photoIds = new Int32Array(usable.length);
  const vectors = new Float32Array(usable.length * dim);
  const bytes = new Uint8Array(vectors.buffer);
  usable.forEach((r, i) => {
    photoIds[i] = r.photoId;
    bytes.set(r.vector, i * dim * 4);
  });
  return { photoIds, vectors, dim };
}

/** One photo's vector for a model (status done), or null. */
export function getEmbedding(db: Db, photoId: number, modelId: string): Float32Array | null {
  const row = db.prepare(`SELECT vector FROM embeddings WHERE photo_id = ? AND model_id = ? AND status = 'done'`).get(photoId, modelId) as
    { vector: Buffer | null } | undefined;
  if (!row?.vector) return null;
  return new Float32Array(new Uint8Array(row.vector).buffer);
}

/**
 * How many present photos have a vector for a model: the model's vectors (an index-only count) less those of missing
 * photos (few, by a partial index) — never a probe per photo (see [Note: Counts that stay fast at 100k photos]).
 */
export function countEmbedded(db: Db, modelId: string): number {
  const row = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM embeddings WHERE model_id = @m AND status = 'done')
            - (SELECT COUNT(*) FROM photos p INDEXED BY photos_missing JOIN embeddings e ON e.photo_id = p.id AND e.model_id = @m AND e.status = 'done'
               WHERE p.presence = 'missing') AS n`,
    )
    .get({ m: modelId }) as { n: number };
  return row.n;
}

/** Deletes every vector and error of a model. Returns how many rows went. */
export function deleteEmbeddingsForModel(db: Db, modelId: string): number {
  return db.prepare('DELETE FROM embeddings WHERE model_id = ?').run(modelId).changes;
}

/**
 * Whether the photo already has a vector for the model computed from exactly this content. An unknown hash on
 * either side never counts as current: the photo is re-embedded rather than trusted.
 */
export function hasCurrentEmbedding(db: Db, photoId: number, modelId: string, contentHash: string | null): boolean {
  if (contentHash === null) return false;
  const row = db
    .prepare(`SELECT 1 AS ok FROM embeddings WHERE photo_id = ? AND model_id = ? AND status = 'done' AND source_hash = ?`)
    .get(photoId, modelId, contentHash);
  return row !== undefined;
}
