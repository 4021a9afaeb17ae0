/** The photo row type and its column mapping, shared by the photo writers and queries. */

/** Whether a photo's file is where the catalog says it is. */
export type Presence = 'present' | 'missing';

/** One photo row, every column in camelCase. */
export interface PhotoRow {
  id: number;
  folderId: number;
  path: string;
  size: number;
  mtimeMs: number;
  contentHash: string | null;
  format: string | null;
  width: number | null;
  height: number | null;
  takenAt: number | null;
  cameraMake: string | null;
  cameraModel: string | null;
  gpsLat: number | null;
  gpsLon: number | null;
  presence: Presence;
  missingSince: number | null;
  error: string | null;
  thumbPath: string | null;
  addedAt: number;
  updatedAt: number;
}

/** The columns `updatePhoto` may change (identity and bookkeeping stay out). */
export type PhotoPatch = Partial<Omit<PhotoRow, 'id' | 'addedAt' | 'updatedAt'>>;

export const columnOf: Record<keyof PhotoPatch, string> = {
  folderId: 'folder_id',
  path: 'path',
  size: 'size',
  mtimeMs: 'mtime_ms',
  contentHash: 'content_hash',
  format: 'format',
  width: 'width',
  height: 'height',
  takenAt: 'taken_at',
  cameraMake: 'camera_make',
  cameraModel: 'camera_model',
  gpsLat: 'gps_lat',
  gpsLon: 'gps_lon',
  presence: 'presence',
  missingSince: 'missing_since',
  error: 'error',
  thumbPath: 'thumb_path',
};

/** SELECT list producing {@link PhotoRow} field names; `p` is the photos alias. */
export const photoColumns = `p.id, p.folder_id AS folderId, p.path, p.size, p.mtime_ms AS mtimeMs,
  p.content_hash AS contentHash, p.format, p.width, p.height, p.taken_at AS takenAt, p.camera_make AS cameraMake,
  p.camera_model AS cameraModel, p.gps_lat AS gpsLat, p.gps_lon AS gpsLon, p.presence, p.missing_since AS missingSince,
  p.error, p.thumb_path AS thumbPath, p.added_at AS addedAt, p.updated_at AS updatedAt`;
