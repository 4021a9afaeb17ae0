/**
 * Opens the file the photo endpoints serve for a photo id: its thumbnail, its original, or a display rendition.
 *
 * [Note: Serving photos]
 * Every file is opened once and checked through its descriptor, then streamed from that same descriptor. An
 * original is served only when the descriptor's real path lies inside an online library folder, it is still the
 * file that was indexed (size and modification time as catalogued) and the decoder accepted it; a photo that failed
 * to decode never has its original served. A photo reached through a symlink leading out of its folder (the scan
 * follows such links) is shown like any other, but through renditions made from the checked bytes, never by
 * handing out the outside file itself. Renditions are cached JPEGs, opened and checked inside the cache folders.
 */
import { displayPathFor, thumbPathFor } from './cache-paths.js';
import type { Db } from './catalog/db.js';
import { listFolderRows } from './catalog/folders.js';
import { getPhoto, type PhotoRow } from './catalog/photos.js';
import { photoContentType } from './content-types.js';
import { openedWithin, openInsideRoots, openRegularFile, realPathOf, type OpenedFile } from './media-access.js';
import { browserCanShow, renderDisplayBytes } from './media/display.js';
import { MediaError } from './media/media-error.js';
import type { CorePaths } from './paths.js';
import type { Logger } from './ports.js';

/** The two kinds of image the UI asks for. */
export type MediaKind = 'thumb' | 'display';

/** A file opened for one photo request: stream it from `handle`, then close it. */
export interface OpenedMedia extends OpenedFile {
  contentType: string;
}

const THUMB_EDGE = 400;
const DISPLAY_EDGE = 2560;

/**
 * Opens what to serve for a photo, or null when there is nothing safe to show (unknown or missing photo, a file that
 * changed or vanished since indexing, an undecodable file). The caller must close the returned handle.
 */
export async function openMediaFile(db: Db, paths: CorePaths, log: Logger, kind: MediaKind, photoId: number): Promise<OpenedMedia | null> {
  const photo = getPhoto(db, photoId);
  if (!photo || photo.presence !== 'present') return null;
  if (kind === 'thumb') {
    return openRendition(photo, photo.thumbPath ?? thumbPathFor(paths.thumbsDir, photoId), paths.thumbsDir, THUMB_EDGE, log);
  }
  if (photo.error) return null;
  const roots = listFolderRows(db)
    .filter((f) => f.status === 'online')
    .map((f) => f.path);
  const original = await openIndexedOriginal(photo);
  if (original === null) return null;
  const type = photoContentType(photo.path);
  const decoded = photo.width !== null && photo.format !== null && browserCanShow(photo.format);
  const checked = { ...original, realPath: await realPathOf(original, photo.path) };
  if (type && decoded && (await openedWithin(checked, roots))) return { ...checked, contentType: type };
  return openRendition(photo, displayPathFor(paths.displayDir, photoId), paths.displayDir, DISPLAY_EDGE, log, original);
}

/** Opens the photo's file when it is still the file the catalog indexed (same size and modification time). */
async function openIndexedOriginal(photo: PhotoRow): Promise<OpenedFile | null> {
  const opened = await openRegularFile(photo.path);
  if (opened === null) return null;
  if (opened.stats.size === photo.size && Math.round(opened.stats.mtimeMs) === Math.round(photo.mtimeMs)) return opened;
  await opened.handle.close();
  return null;
}

/**
 * Opens a cached rendition at `file` (inside `cacheDir`) that is at least as new as the photo, rendering it first
 * from the original's checked bytes when it is missing or stale. `original` is closed here when given.
 */
async function openRendition(
  photo: PhotoRow,
  file: string,
  cacheDir: string,
  longEdge: number,
  log: Logger,
  original?: OpenedFile,
): Promise<OpenedMedia | null> {
  let source: OpenedFile | null = original ?? null;
  try {
    const cached = await openInsideRoots(file, [cacheDir]);
    // Renditions are JPEG, but thumbnails of libraries indexed before that are WebP: the path's extension says which.
    const contentType = photoContentType(file) ?? 'image/jpeg';
    if (cached !== null && cached.stats.mtimeMs >= photo.mtimeMs) return { ...cached, contentType };
    await cached?.handle.close();
    if (photo.error) return null;
    source ??= await openIndexedOriginal(photo);
    if (source === null) return null;
    const bytes = await source.handle.readFile();
    await source.handle.close();
    source = null;
    await renderDisplayBytes(bytes, file, longEdge);
    const made = await openInsideRoots(file, [cacheDir]);
    return made && { ...made, contentType };
  } catch (err) {
    if (err instanceof MediaError) log.warn('A photo could not be rendered for display', { photoId: photo.id, reason: err.message });
    else log.error('Rendering a photo for display failed', { photoId: photo.id, cause: String(err) });
    return null;
  } finally {
    await source?.handle.close();
  }
}
