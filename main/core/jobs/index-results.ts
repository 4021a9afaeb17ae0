/** Writes what indexing learned about a photo: metadata, thumbnail, embedding or error, and retires its job, atomically. */
import type { Db } from '../catalog/db.js';
import { finishJob } from '../catalog/jobs.js';
import { saveEmbedding, saveEmbeddingError } from '../catalog/embeddings.js';
import type { DecodedPhoto } from '../media/decode.js';
import { importKeywords } from '../tags/xmp.js';

/** A photo the worker is about to index. */
export interface IndexTarget {
  jobId: number;
  photoId: number;
  modelId: string;
  path: string;
}

/** Looks up the file behind a job; null when the photo vanished from the catalog meanwhile. */
export function targetFor(db: Db, job: { id: number; photoId: number; modelId: string }): IndexTarget | null {
  const row = db.prepare('SELECT path FROM photos WHERE id = ?').get(job.photoId) as { path: string } | undefined;
  return row ? { jobId: job.id, photoId: job.photoId, modelId: job.modelId, path: row.path } : null;
}

/**
 * Records a successful index: photo metadata, thumbnail, the vector, and the job done — one transaction. The first
 * time a photo is read, keywords already in the file or its sidecar become its 'imported' tags.
 */
export function recordIndexed(
  db: Db,
  t: IndexTarget,
  photo: DecodedPhoto,
  thumbPath: string,
  vector: Float32Array,
  sidecarKeywords: readonly string[],
): void {
  db.transaction(() => {
    if (!photoExists(db, t.photoId)) return finishJob(db, t.jobId);
    const seenBefore = db.prepare('SELECT 1 FROM embeddings WHERE photo_id = ? LIMIT 1').get(t.photoId) !== undefined;
    if (!seenBefore) importKeywords(db, t.photoId, [...photo.exif.keywords, ...sidecarKeywords]);
    db.prepare(
      `UPDATE photos SET content_hash = ?, format = ?, width = ?, height = ?, taken_at = ?, camera_make = ?,
         camera_model = ?, gps_lat = ?, gps_lon = ?, thumb_path = ?, error = NULL, updated_at = ? WHERE id = ?`,
    ).run(
      photo.contentHash,
      photo.format,
      photo.width,
      photo.height,
      photo.exif.takenAt,
      photo.exif.cameraMake,
      photo.exif.cameraModel,
      photo.exif.gpsLat,
      photo.exif.gpsLon,
      thumbPath,
      Date.now(),
      t.photoId,
    );
    saveEmbedding(db, t.photoId, t.modelId, vector, photo.contentHash);
    finishJob(db, t.jobId);
  })();
}

/** Records a photo that cannot be indexed, with a readable reason; the queue moves on. */
export function recordFailed(db: Db, t: IndexTarget, reason: string): void {
  db.transaction(() => {
    if (!photoExists(db, t.photoId)) return finishJob(db, t.jobId);
    db.prepare('UPDATE photos SET error = ?, updated_at = ? WHERE id = ?').run(reason, Date.now(), t.photoId);
    saveEmbeddingError(db, t.photoId, t.modelId, reason);
    finishJob(db, t.jobId);
  })();
}

/** A photo can be purged or merged into its copy while the worker is decoding it: then there is nothing to record. */
function photoExists(db: Db, photoId: number): boolean {
  return db.prepare('SELECT 1 FROM photos WHERE id = ?').get(photoId) !== undefined;
}

/** Retires a job whose photo no longer exists. */
export function dropJob(db: Db, jobId: number): void {
  finishJob(db, jobId);
}
