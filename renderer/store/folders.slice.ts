/** Library folders: list, the folder tree, add, remove, rescan, purge missing photos. */
import type { Folder, FolderNode, MissingGroup } from '../../preload/contract.js';
import { api, unwrap } from '../lib/api.js';
import type { Slice } from './types.js';

export interface FoldersSlice {
  folders: Folder[] | null;
  /** Missing photos grouped by the directory they were in. */
  missing: MissingGroup[];
  /** Every library folder's directories with photo counts (null until loaded). */
  tree: FolderNode[] | null;
  loadFolders(): Promise<void>;
  addFolder(path: string): Promise<boolean>;
  /** Removes a folder (after the person confirmed) and offers Undo in a toast. */
  removeFolder(id: number): Promise<void>;
  restoreFolder(id: number): Promise<void>;
  rescanFolder(id: number): Promise<void>;
  purgeMissing(id: number | null, dir?: string): Promise<void>;
  retryFailed(id: number | null): Promise<void>;
}

export const createFoldersSlice: Slice<FoldersSlice> = (set, get) => ({
  folders: null,
  missing: [],
  tree: null,
  loadFolders: async () => {
    const [folders, missing, tree] = await Promise.all([
      get().attempt(() => unwrap(api.listFolders())),
      get().attempt(() => unwrap(api.missingGroups())),
      get().attempt(() => unwrap(api.folderTree())),
    ]);
    if (folders) set({ folders });
    if (missing) set({ missing });
    if (tree) set({ tree });
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
    const path = get().folders?.find((f) => f.id === id)?.path ?? 'the folder';
    const r = await get().attempt(() => unwrap(api.removeFolder(id)));
    if (r) {
      const what = `${r.removed} ${r.removed === 1 ? 'photo' : 'photos'}`;
      get().toast('undo', `Removed ${path} (${what}) from the library. Files and tags are kept.`, () => void get().restoreFolder(id));
    }
    await Promise.all([get().loadFolders(), get().loadStatus()]);
    void get().refreshLibrary();
  },
  restoreFolder: async (id) => {
    const folder = await get().attempt(() => unwrap(api.restoreFolder(id)));
    if (folder) get().toast('info', `${folder.path} is back in the library with its photos and tags.`);
    await Promise.all([get().loadFolders(), get().loadStatus()]);
    void get().refreshLibrary();
  },
  retryFailed: async (id) => {
    const r = await get().attempt(() => unwrap(api.retryFailed(id)));
    if (r)
      get().toast('info', r.queued > 0 ? `Trying ${r.queued} ${r.queued === 1 ? 'photo' : 'photos'} again.` : 'No failed photos to retry.');
    await get().loadStatus();
  },
  rescanFolder: async (id) => {
    await get().attempt(() => unwrap(api.rescanFolder(id)));
    await get().loadFolders();
  },
  purgeMissing: async (id, dir) => {
    const r = await get().attempt(() => unwrap(dir === undefined ? api.purgeMissing(id) : api.purgeMissing(id, dir)));
    if (r) get().toast('info', `Forgot ${r.purged} missing ${r.purged === 1 ? 'photo' : 'photos'}.`);
    await Promise.all([get().loadFolders(), get().loadStatus()]);
  },
});
