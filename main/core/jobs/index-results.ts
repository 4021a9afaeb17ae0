/** Writes what indexing learned about a photo: metadata, thumbnail, embedding or error, and retires its job, atomically. */
import type { Db } from '../catalog/db.js';
import { finishJob } from '../catalog/jobs.js';
import { saveEmbedding, saveEmbeddingError } from '../catalog/embeddings.js';
import type { DecodedPhoto, KnownHash } from '../media/decode.js';

/** What reading a photo learns besides the model tensor. */
type PhotoFacts = Omit<DecodedPhoto, 'tensor'>;
import { importKeywords } from '../tags/xmp.js';
import { MEDIA_KEY } from './media-jobs.js';

/** A photo the worker is about to index. */
export interface IndexTarget {
  jobId: number;
  photoId: number;
  modelId: string;
  path: string;
  /** The hash the scan recorded for the file at its recorded size and mtime; null when it has none. */
  knownHash: KnownHash | null;
}

/** Looks up the file behind a job; null when the photo vanished from the catalog meanwhile. */
export function targetFor(db: Db, job: { id: number; photoId: number; modelId: string }): IndexTarget | null {
  const row = db.prepare('SELECT path, content_hash AS sha256, size, mtime_ms AS mtimeMs FROM photos WHERE id = ?').get(job.photoId) as
    { path: string; sha256: string | null; size: number; mtimeMs: number } | undefined;
  if (!row) return null;
  const knownHash = row.sha256 === null ? null : { sha256: row.sha256, size: row.size, mtimeMs: row.mtimeMs };
  return { jobId: job.id, photoId: job.photoId, modelId: job.modelId, path: row.path, knownHash };
}

/**
 * Writes what reading a photo learned: metadata, thumbnail and `read_at`. The first time a photo is read, keywords
 * already in the file or its sidecar become its 'imported' tags. Call inside a transaction.
 */
function writeRead(db: Db, photoId: number, photo: PhotoFacts, thumbPath: string, sidecarKeywords: readonly string[]): void {
  const seenBefore =
    db.prepare('SELECT 1 FROM photos WHERE id = ? AND read_at IS NOT NULL').get(photoId) !== undefined ||
    db.prepare('SELECT 1 FROM embeddings WHERE photo_id = ? LIMIT 1').get(photoId) !== undefined;
  if (!seenBefore) importKeywords(db, photoId, [...photo.exif.keywords, ...sidecarKeywords]);
  const now = Date.now();
  db.prepare(
    `UPDATE photos SET content_hash = ?, format = ?, width = ?, height = ?, taken_at = ?, camera_make = ?,
       camera_model = ?, gps_lat = ?, gps_lon = ?, thumb_path = ?, error = NULL, read_at = ?, updated_at = ? WHERE id = ?`,
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
    now,
    now,
    photoId,
  );
}

/** Records a photo read without a model (thumbnail + metadata) and retires its job, in one transaction. */
export function recordRead(db: Db, t: IndexTarget, photo: PhotoFacts, thumbPath: string, sidecarKeywords: readonly string[]): void {
  db.transaction(() => {
    if (photoExists(db, t.photoId)) writeRead(db, t.photoId, photo, thumbPath, sidecarKeywords);
    finishJob(db, t.jobId);
  })();
}

/** Records a successful index: photo metadata, thumbnail, the vector, and the job done — one transaction. */
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
    writeRead(db, t.photoId, photo, thumbPath, sidecarKeywords);
    saveEmbedding(db, t.photoId, t.modelId, vector, photo.contentHash);
    finishJob(db, t.jobId);
  })();
}

/** Records a photo that cannot be indexed, with a readable reason; the queue moves on. */
export function recordFailed(db: Db, t: Pick<IndexTarget, 'jobId' | 'photoId' | 'modelId'>, reason: string): void {
  db.transaction(() => {
    if (!photoExists(db, t.photoId)) return finishJob(db, t.jobId);
    db.prepare('UPDATE photos SET error = ?, updated_at = ? WHERE id = ?').run(reason, Date.now(), t.photoId);
    if (t.modelId !== MEDIA_KEY) saveEmbeddingError(db, t.photoId, t.modelId, reason);
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
