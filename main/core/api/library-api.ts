/** The library part of the API: folders, the folder browser, photo pages and details. */
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { DirListing, Result, ShoeboxApi } from '../../../preload/contract.js';
import { clearErrors, listCameras, listPhotoPage, missingGroups } from '../catalog/photos.js';
import { rotatePhotos } from '../catalog/photo-queries.js';
import { folderTree } from '../catalog/folder-tree.js';
import { photoDetail } from '../catalog/photo-views.js';
import { readExposure } from '../media/exposure.js';
import { photoSummaries } from '../search/photo-summaries.js';
import type { CoreContext } from './context.js';
import { sidecarOutbox } from './sidecar-sync.js';
import { fail, ok } from '../result.js';

type LibraryApi = Pick<
  ShoeboxApi,
  | 'listFolders'
  | 'addFolder'
  | 'removeFolder'
  | 'restoreFolder'
  | 'rescanFolder'
  | 'purgeMissing'
  | 'missingGroups'
  | 'retryFailed'
  | 'browseDirectory'
  | 'listPhotos'
  | 'getPhoto'
  | 'listCameras'
  | 'folderTree'
  | 'rotatePhotos'
>;

/** Builds the library API over the library service and the catalog. */
export function libraryApi(ctx: CoreContext): LibraryApi {
  return {
    async rotatePhotos(req) {
      const rotated = rotatePhotos(ctx.db, req.photoIds, req.quarterTurns);
      ctx.emit('libraryChanged', { kind: 'photos' });
      // The outbox trigger queued their sidecars (written when write-back is on).
      void sidecarOutbox(ctx).drain();
      return ok({ rotated });
    },
    async folderTree() {
      return ok(folderTree(ctx.db));
    },
    async listCameras() {
      return ok(listCameras(ctx.db));
    },
    async listFolders() {
      return ok(ctx.library.listFolders());
    },
    async addFolder(path) {
      const r = await ctx.library.addFolder(path);
      if (r.ok) ctx.emit('libraryChanged', { kind: 'folders' });
      return r;
    },
    async removeFolder(id) {
      const r = await ctx.library.removeFolder(id);
      if (r.ok) {
        ctx.models.invalidateIndex();
        ctx.emit('libraryChanged', { kind: 'folders' });
      }
      return r;
    },
    async restoreFolder(id) {
      const r = await ctx.library.restoreFolder(id);
      if (r.ok) {
        ctx.models.invalidateIndex();
        ctx.emit('libraryChanged', { kind: 'photos' });
      }
      return r;
    },
    async rescanFolder(id) {
      return ctx.library.scanFolder(id);
    },
    async missingGroups() {
      return ok(missingGroups(ctx.db));
    },
    async retryFailed(folderId) {
      const ids = clearErrors(ctx.db, folderId);
      ctx.library.requeue(ids);
      ctx.emit('libraryChanged', { kind: 'photos' });
      return ok({ queued: ids.length });
    },
    async purgeMissing(folderId, dir) {
      const purged = await ctx.library.purgeMissing(folderId, dir);
      ctx.models.invalidateIndex();
      ctx.emit('libraryChanged', { kind: 'photos' });
      return ok({ purged });
    },
    browseDirectory: (path) => browse(path),
    async listPhotos(req) {
      const page = listPhotoPage(ctx.db, req);
      return ok({
        total: page.total,
        offset: page.offset,
        photos: photoSummaries(
          ctx.db,
          page.rows.map((r) => r.id),
        ),
      });
    },
    async getPhoto(id) {
      const detail = photoDetail(ctx.db, id);
      if (!detail) return fail('not_found', `There is no photo #${id}`);
      return ok({ ...detail, exposure: detail.presence === 'present' ? await readExposure(detail.path) : null });
    },
  };
}

/** Lists the sub-folders of `path` (home when null) for the folder picker; hidden folders are left out. */
async function browse(path: string | null): Promise<Result<DirListing>> {
  const dir = resolve(path ?? homedir());
  try {
    if (!(await stat(dir)).isDirectory()) return fail('invalid_input', `${dir} is not a folder`);
    const entries = (await readdir(dir, { withFileTypes: true }))
      .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('.'))
      .map((e) => ({ name: e.name, path: join(dir, e.name) }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return ok({ path: dir, parent: dirname(dir) === dir ? null : dirname(dir), entries });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('not_found', `${dir} does not exist`);
    if (code === 'EACCES' || code === 'EPERM') return fail('io', `Shoebox is not allowed to read ${dir}`);
    return fail('io', `Cannot read ${dir}: ${String(err)}`);
  }
}
