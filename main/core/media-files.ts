/** Resolves a photo id to the file the photo endpoints may serve: its thumbnail, the original, or a display rendition. */
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { displayPathFor, thumbPathFor } from './cache-paths.js';
import type { Db } from './catalog/db.js';
import { listFolderRows } from './catalog/folders.js';
import { getPhoto, type PhotoRow } from './catalog/photos.js';
import { imageContentType, isInsideRoots } from './media-access.js';
import { browserCanShow, renderDisplayImage } from './media/display.js';
import type { CorePaths } from './paths.js';

/** The two kinds of image the UI asks for. */
export type MediaKind = 'thumb' | 'display';

const THUMB_EDGE = 400;

/**
 * The file to serve for a photo, or null. Only files whose real path lies inside a library folder are ever read;
 * thumbnails come from the cache (rendered on first request when indexing has not reached the photo yet), display
 * images are the original when a browser can show its format, else a cached JPEG rendition.
 */
export async function resolveMediaFile(db: Db, paths: CorePaths, kind: MediaKind, photoId: number): Promise<{ file: string; contentType: string } | null> {
  const photo = getPhoto(db, photoId);
  if (!photo || photo.presence !== 'present') return null;
  const roots = listFolderRows(db).filter((f) => f.status === 'online').map((f) => f.path);
  if (!(await isInsideRoots(photo.path, roots))) return null;
  if (kind === 'thumb') {
    const file = photo.thumbPath ?? thumbPathFor(paths.thumbsDir, photoId);
    const ready = await renditionFor(photo, file, THUMB_EDGE);
    return ready && (await isInsideRoots(file, [paths.thumbsDir])) ? { file, contentType: 'image/jpeg' } : null;
  }
  const type = imageContentType(photo.path);
  if (type && photo.format && browserCanShow(photo.format)) return { file: photo.path, contentType: type };
  const file = displayPathFor(paths.displayDir, photoId);
  return (await renditionFor(photo, file, 2560)) ? { file, contentType: 'image/jpeg' } : null;
}

/** Makes sure a rendition at `file` is at least as new as the photo; false when the photo cannot be decoded. */
async function renditionFor(photo: PhotoRow, file: string, longEdge: number): Promise<boolean> {
  const fresh = await stat(file).then((s) => s.mtimeMs >= photo.mtimeMs, () => false);
  if (fresh) return true;
  if (photo.error) return false;
  try {
    await mkdir(dirname(file), { recursive: true });
    await renderDisplayImage(photo.path, file, longEdge);
    return true;
  } catch {
    return false;
  }
}
