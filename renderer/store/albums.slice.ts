/** Albums: the sidebar's list, opening one in the grid, making, renaming, deleting (with undo) and filling them. */
import type { AlbumSummary, SavedSearch } from '../../preload/contract.js';
import { api, unwrap } from '../lib/api.js';
import type { Slice } from './types.js';

export interface AlbumsSlice {
  albums: AlbumSummary[] | null;
  loadAlbums(): Promise<void>;
  /** Shows the album in the grid: a manual one as a filter, a smart one by running its search now. */
  openAlbum(album: AlbumSummary): void;
  createAlbum(name: string, content: { photoIds?: number[]; search?: SavedSearch }): Promise<AlbumSummary | undefined>;
  addToAlbum(album: AlbumSummary, photoIds: number[]): Promise<void>;
  removeFromAlbum(album: AlbumSummary, photoIds: number[]): Promise<void>;
  renameAlbum(album: AlbumSummary, name: string): Promise<void>;
  setAlbumCover(album: AlbumSummary, photoId: number): Promise<void>;
  /** Deletes the album (never its photos) and offers Undo, which makes it again with the same photos or search. */
  deleteAlbum(album: AlbumSummary): Promise<void>;
}

export const createAlbumsSlice: Slice<AlbumsSlice> = (set, get) => ({
  albums: null,
  loadAlbums: async () => {
    const albums = await get().attempt(() => unwrap(api.listAlbums()));
    if (albums) set({ albums });
  },
  openAlbum: (album) => {
    const s = get();
    s.clearSearch();
    s.setView('library');
    if (album.search) {
      // The album's order becomes the view's (a description's results, or the library's for filters alone).
      const { query, sort } = album.search;
      if (sort && (query || sort !== 'relevance')) s.setViewPrefs(query ? 'search' : 'library', { sort });
      s.setQuery(query ?? '');
      s.setFilters(album.search.filters ?? {});
    } else s.setFilters({ album: album.name });
  },
  createAlbum: async (name, content) => {
    const made = await get().attempt(() => unwrap(api.createAlbum({ name, ...content })));
    if (made) {
      get().toast('info', made.kind === 'smart' ? `Saved the smart album "${made.name}".` : `Made the album "${made.name}".`);
      await get().loadAlbums();
    }
    return made;
  },
  addToAlbum: async (album, photoIds) => {
    const after = await get().attempt(() => unwrap(api.addToAlbum({ id: album.id, photoIds })));
    if (after) get().toast('info', `"${after.name}" now holds ${after.photoCount} ${after.photoCount === 1 ? 'photo' : 'photos'}.`);
    await get().loadAlbums();
  },
  removeFromAlbum: async (album, photoIds) => {
    const after = await get().attempt(() => unwrap(api.removeFromAlbum({ id: album.id, photoIds })));
    if (after) {
      const n = `${photoIds.length} ${photoIds.length === 1 ? 'photo' : 'photos'}`;
      get().toast('undo', `Took ${n} out of "${after.name}" (they stay in the library).`, () => void get().addToAlbum(after, photoIds));
      void get().runSearch();
    }
    await get().loadAlbums();
  },
  setAlbumCover: async (album, photoId) => {
    const after = await get().attempt(() => unwrap(api.setAlbumCover({ id: album.id, photoId })));
    if (after) get().toast('info', `The cover of "${after.name}" is set.`);
    await get().loadAlbums();
  },
  renameAlbum: async (album, name) => {
    const after = await get().attempt(() => unwrap(api.renameAlbum({ id: album.id, name })));
    if (after && !after.search) get().setFilters({ ...get().filters, album: after.name });
    await get().loadAlbums();
  },
  deleteAlbum: async (album) => {
    const gone = await get().attempt(() => unwrap(api.deleteAlbum({ id: album.id })));
    if (!gone) return;
    if (get().filters.album?.toLowerCase() === album.name.toLowerCase()) get().clearSearch();
    const again = gone.search ? { search: gone.search } : { photoIds: gone.photoIds };
    get().toast(
      'undo',
      `Deleted the album "${gone.name}" (its photos stay in the library).`,
      () => void get().createAlbum(gone.name, again),
    );
    await get().loadAlbums();
  },
});
