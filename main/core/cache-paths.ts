/** Where the library caches renditions of a photo: sharded by id so no folder grows past a thousand files. */
import { join } from 'node:path';

/** The ~400 px thumbnail written by indexing (or on first request): JPEG, 3× cheaper to encode than WebP here. */
export function thumbPathFor(thumbsDir: string, photoId: number): string {
  return join(thumbsDir, String(Math.floor(photoId / 1000)), `${photoId}.jpg`);
}

/** The display-size JPEG of a format browsers cannot show (HEIC, TIFF, RAW). */
export function displayPathFor(displayDir: string, photoId: number): string {
  return join(displayDir, String(Math.floor(photoId / 1000)), `${photoId}.jpg`);
}
