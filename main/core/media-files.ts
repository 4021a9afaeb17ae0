/** Resolves a photo id to the file the photo endpoints may serve: its thumbnail, the original, or a display rendition. */
import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Db } from './catalog/db.js';
import { listFolderRows } from './catalog/folders.js';
import { getPhoto } from './catalog/photos.js';
import { imageContentType, isInsideRoots } from './media-access.js';
import { browserCanShow, renderDisplayImage } from './media/display.js';
import type { CorePaths } from './paths.js';

/** The two kinds of image the UI asks for. */
export type MediaKind = 'thumb' | 'display';

/** Where a display-size rendition of photo `id` is cached. */
export function displayPath(paths: CorePaths, photoId: number): string {
  return join(paths.displayDir, String(Math.floor(photoId / 1000)), `${photoId}.jpg`);
}

/**
 * The file to serve for a photo, or null. Thumbnails come from the library's cache; display images are the original
 * when a browser can show its format (and its real path lies inside a library folder), else a cached JPEG rendition.
 */
export async function resolveMediaFile(db: Db, paths: CorePaths, kind: MediaKind, photoId: number): Promise<{ file: string; contentType: string } | null> {
  const photo = getPhoto(db, photoId);
  if (!photo || photo.presence !== 'present') return null;
  if (kind === 'thumb') {
    const file = photo.thumbPath;
    const type = file ? imageContentType(file) : null;
    return file && type && (await isInsideRoots(file, [paths.thumbsDir])) ? { file, contentType: type } : null;
  }
  const roots = listFolderRows(db).map((f) => f.path);
  if (!(await isInsideRoots(photo.path, roots))) return null;
  const type = imageContentType(photo.path);
  if (type && photo.format && browserCanShow(photo.format)) return { file: photo.path, contentType: type };
  const rendition = displayPath(paths, photoId);
  const fresh = await stat(rendition).then((s) => s.mtimeMs >= photo.mtimeMs, () => false);
  if (!fresh) {
    await mkdir(dirname(rendition), { recursive: true });
    try {
      await renderDisplayImage(photo.path, rendition);
    } catch {
      return null;
    }
  }
  return { file: rendition, contentType: 'image/jpeg' };
}
