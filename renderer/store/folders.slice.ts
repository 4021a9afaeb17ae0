/** Library folders: list, add, remove, rescan, purge missing photos. */
import type { Folder } from '../../preload/contract.js';
import { api, unwrap } from '../lib/api.js';
import type { Slice } from './types.js';

export interface FoldersSlice {
  folders: Folder[] | null;
  loadFolders(): Promise<void>;
  addFolder(path: string): Promise<boolean>;
  removeFolder(id: number): Promise<void>;
  rescanFolder(id: number): Promise<void>;
  purgeMissing(id: number | null): Promise<void>;
}

export const createFoldersSlice: Slice<FoldersSlice> = (set, get) => ({
  folders: null,
  loadFolders: async () => {
    const folders = await get().attempt(() => unwrap(api.listFolders()));
    if (folders) set({ folders });
  },
  addFolder: async (path) => {
    const folder = await get().attempt(() => unwrap(api.addFolder(path)));
    if (!folder) return false;
    get().toast('info', `Added ${folder.path}. Photos appear as they are found.`);
    await get().loadFolders();
    void get().refreshLibrary();
    return true;
  },
  removeFolder: async (id) => {
    const r = await get().attempt(() => unwrap(api.removeFolder(id)));
    if (r) get().toast('info', `Removed the folder and ${r.removed} photos from the library (files are untouched).`);
    await get().loadFolders();
  },
  rescanFolder: async (id) => {
    await get().attempt(() => unwrap(api.rescanFolder(id)));
    await get().loadFolders();
  },
  purgeMissing: async (id) => {
    const r = await get().attempt(() => unwrap(api.purgeMissing(id)));
    if (r) get().toast('info', `Forgot ${r.purged} missing photos.`);
    await get().loadFolders();
  },
});
