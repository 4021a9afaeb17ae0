/** Keeps XMP sidecars in step with a person's tags when write-back is on (off by default; originals never touched). */
import type { CoreContext } from './context.js';
import { getPhotos } from '../catalog/photos.js';
import { photoTagNames, writeSidecarTags } from '../tags/xmp.js';

/** Rewrites the sidecars of `photoIds` (null: every tagged photo) with their current tags; failures are logged. */
export function sidecarSync(ctx: CoreContext): (photoIds: number[] | null) => Promise<void> {
  return async (photoIds) => {
    if (!ctx.settings().writeXmp) return;
    const ids =
      photoIds ??
      (ctx.db.prepare('SELECT DISTINCT photo_id AS id FROM photo_tags').all() as { id: number }[]).map((r) => r.id);
    for (const photo of getPhotos(ctx.db, ids)) {
      if (photo.presence !== 'present') continue;
      try {
        await writeSidecarTags(photo.path, photoTagNames(ctx.db, photo.id), true);
      } catch (err) {
        ctx.log.warn('Could not write the XMP sidecar', { path: photo.path, message: String(err) });
      }
    }
  };
}
