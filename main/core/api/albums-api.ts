/** The albums part of the API: manual and smart albums, their photos, names and covers. */
import type { AlbumSummary, Result, ShoeboxApi } from '../../../preload/contract.js';
import { addPhotos, albumByName, albumPhotoIds, getAlbum, insertAlbum, listAlbums, removePhotos } from '../albums/album-store.js';
import { fail, ok } from '../result.js';
import type { CoreContext } from './context.js';

type AlbumsApi = Pick<
  ShoeboxApi,
  'listAlbums' | 'createAlbum' | 'renameAlbum' | 'deleteAlbum' | 'addToAlbum' | 'removeFromAlbum' | 'setAlbumCover'
>;

/** Builds the albums API; every change emits `libraryChanged` { kind: 'albums' }. */
export function albumsApi(ctx: CoreContext): AlbumsApi {
  const { db } = ctx;
  const changed = <T>(value: T): Result<T> => {
    ctx.emit('libraryChanged', { kind: 'albums' });
    return ok(value);
  };
  const album = (id: number): Result<AlbumSummary> => {
    const a = getAlbum(db, id);
    return a ? ok(a) : fail('not_found', `There is no album #${id}`);
  };
  const manual = (id: number): Result<AlbumSummary> => {
    const a = album(id);
    if (a.ok && a.value.kind === 'smart')
      return fail('invalid_input', `"${a.value.name}" is a smart album: its photos come from its search`);
    return a;
  };
  return {
    async listAlbums() {
      return ok(listAlbums(db));
    },
    async createAlbum(req) {
      const made = insertAlbum(db, req.name, req.search ?? null, req.search ? [] : (req.photoIds ?? []));
      return made ? changed(made) : fail('conflict', `There is already an album called "${req.name.trim()}"`);
    },
    async renameAlbum(req) {
      const a = album(req.id);
      if (!a.ok) return a;
      const other = albumByName(db, req.name);
      if (other && other.id !== req.id) return fail('conflict', `There is already an album called "${other.name}"`);
      db.prepare(`UPDATE albums SET name = ? WHERE id = ?`).run(req.name.trim(), req.id);
      return changed(getAlbum(db, req.id)!);
    },
    async deleteAlbum(req) {
      const a = album(req.id);
      if (!a.ok) return a;
      const photoIds = albumPhotoIds(db, req.id);
      db.prepare(`DELETE FROM albums WHERE id = ?`).run(req.id);
      return changed({ name: a.value.name, photoIds, search: a.value.search });
    },
    async addToAlbum(req) {
      const a = manual(req.id);
      if (!a.ok) return a;
      addPhotos(db, req.id, req.photoIds);
      return changed(getAlbum(db, req.id)!);
    },
    async removeFromAlbum(req) {
      const a = manual(req.id);
      if (!a.ok) return a;
      removePhotos(db, req.id, req.photoIds);
      return changed(getAlbum(db, req.id)!);
    },
    async setAlbumCover(req) {
      const a = album(req.id);
      if (!a.ok) return a;
      if (!db.prepare('SELECT 1 FROM photos WHERE id = ?').get(req.photoId)) return fail('not_found', `There is no photo #${req.photoId}`);
      db.prepare(`UPDATE albums SET cover_photo_id = ? WHERE id = ?`).run(req.photoId, req.id);
      return changed(getAlbum(db, req.id)!);
    },
  };
}
