/** The viewer: which grid index is open (full or quick look) and that photo's detail. */
import type { PhotoDetail } from '../../preload/contract.js';
import { api, unwrap } from '../lib/api.js';
import { pageSize } from './library.slice.js';
import { gridCount, photoAt } from './selectors.js';
import type { Slice } from './types.js';

export interface ViewerSlice {
  viewerIndex: number | null;
  quickLook: boolean;
  detail: PhotoDetail | null;
  /** Opens the grid's photo at `index` and fetches its detail; false (nothing changes) while that photo is not loaded. */
  showInViewer(index: number, quick: boolean): boolean;
  closeViewer(): void;
  /** Previous/next photo of the grid's list. */
  stepViewer(delta: number): void;
  /** Refetches the open photo (after its tags changed). */
  reloadDetail(): Promise<void>;
  /** Turns the open photo by quarter turns (its file is never changed); the grid follows on the change event. */
  rotateOpen(quarterTurns: -1 | 1): Promise<void>;
}

export const createViewerSlice: Slice<ViewerSlice> = (set, get) => ({
  viewerIndex: null,
  quickLook: false,
  detail: null,
  showInViewer: (index, quick) => {
    if (!photoAt(get(), index, pageSize)) return false;
    set({ viewerIndex: index, quickLook: quick, detail: null });
    void get().reloadDetail();
    return true;
  },
  closeViewer: () => set({ viewerIndex: null, quickLook: false, detail: null }),
  stepViewer: (delta) => {
    const s = get();
    if (s.viewerIndex === null) return;
    const next = Math.max(0, Math.min(gridCount(s) - 1, s.viewerIndex + delta));
    if (next === s.viewerIndex) return;
    if (photoAt(s, next, pageSize)) get().openViewer(next, s.quickLook);
    else void s.ensurePages(next, next).then(() => get().viewerIndex === s.viewerIndex && get().openViewer(next, s.quickLook));
  },
  rotateOpen: async (quarterTurns) => {
    const index = get().viewerIndex;
    // The photo on screen (its detail may still be loading).
    const photo = index === null ? undefined : photoAt(get(), index, pageSize);
    if (!photo) return;
    await get().attempt(() => unwrap(api.rotatePhotos({ photoIds: [photo.id], quarterTurns })));
    await get().reloadDetail();
  },
  reloadDetail: async () => {
    const index = get().viewerIndex;
    if (index === null) return;
    const photo = photoAt(get(), index, pageSize);
    if (!photo) return;
    const detail = await get().attempt(() => unwrap(api.getPhoto(photo.id)));
    if (detail && get().viewerIndex === index) set({ detail });
  },
});
