/** The viewer's full picture of one photo: metadata, tags with their source, and pending suggestions. */
import type { PhotoDetail, PhotoTag } from '../../../preload/contract.js';
import { photoSummaries } from '../search/photo-summaries.js';
import type { Db } from './db.js';
import { getPhoto } from './photos.js';

/** Everything the viewer shows about one photo from the catalog (the exposure is read from the file); null when it does not exist. */
export function photoDetail(db: Db, id: number): Omit<PhotoDetail, 'exposure'> | null {
  const row = getPhoto(db, id);
  const summary = photoSummaries(db, [id])[0];
  if (!row || !summary) return null;
  const tagsDetailed = db
    .prepare(
      `SELECT t.name AS name, pt.source AS source, pt.score AS score FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id
       WHERE pt.photo_id = ? ORDER BY t.name`,
    )
    .all(id) as PhotoTag[];
  const suggestions = db
    .prepare(
      `SELECT t.name AS tag, s.score AS score FROM suggestions s JOIN tags t ON t.id = s.tag_id
       WHERE s.photo_id = ? AND s.status = 'pending'
         AND NOT EXISTS (SELECT 1 FROM photo_tags pt WHERE pt.photo_id = s.photo_id AND pt.tag_id = s.tag_id)
       UNION ALL
       SELECT c.name, cs.score FROM concept_suggestions cs JOIN concepts c ON c.id = cs.concept_id
       WHERE cs.photo_id = ? AND cs.status = 'pending' AND NOT EXISTS (SELECT 1 FROM tags t WHERE t.name = c.name)
       ORDER BY score DESC LIMIT 20`,
    )
    .all(id, id) as { tag: string; score: number }[];
  return {
    ...summary,
    folderId: row.folderId,
    size: row.size,
    format: row.format,
    mtimeMs: row.mtimeMs,
    cameraMake: row.cameraMake,
    cameraModel: row.cameraModel,
    gps: row.gpsLat !== null && row.gpsLon !== null ? { lat: row.gpsLat, lon: row.gpsLon } : null,
    error: row.error,
    tagsDetailed,
    suggestions,
  };
}
