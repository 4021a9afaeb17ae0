/** Duplicates and the trash: the groups found, the search's progress, resolving a group, trashing photos, undo. */
import type { DuplicateGroup } from '../../preload/contract.js';
import { api, unwrap } from '../lib/api.js';
import type { Slice, Store } from './types.js';

export interface DuplicatesSlice {
  /** null until the person looked for duplicates. */
  duplicateGroups: DuplicateGroup[] | null;
  /** Photos compared of total while a search runs; null otherwise. */
  duplicateSearch: { done: number; total: number } | null;
  /** How alike near-duplicates must be (cosine). */
  nearThreshold: number;
  setNearThreshold(near: number): void;
  findDuplicates(): Promise<void>;
  setDuplicateProgress(p: { done: number; total: number }): void;
  /** Keeps `keepId`, moves the group's other photos to the trash, and offers Undo in a toast. */
  resolveGroup(group: DuplicateGroup, keepId: number): Promise<void>;
  /** Moves photos to the system trash and offers Undo in a toast while they are there. */
  /** Moves photos to the trash (an undo toast follows); resolves whether it did. */
  sendToTrash(photoIds: number[]): Promise<boolean>;
}

/** What an undo put back, and what it could not, in words. */
function undoneLine(u: { restored: number; left: { path: string; reason: string }[] }): string {
  const back = `Put back ${u.restored} ${u.restored === 1 ? 'photo' : 'photos'} from the trash.`;
  return u.left.length === 0 ? back : `${back} ${u.left.length} could not come back: ${u.left[0]!.path} (${u.left[0]!.reason}).`;
}

/** "Moved N photos to the trash" with Undo (while the files are there), then what the undo put back. */
function trashedToast(
  get: () => Store,
  r: { trashed: number; kept: { path: string; reason: string }[]; undoId: number | null },
  extra: string,
  onUndone?: () => void,
): void {
  const moved = `${r.trashed} ${r.trashed === 1 ? 'photo' : 'photos'}`;
  const stayed = r.kept.length > 0 ? ` ${r.kept.length} stayed: ${r.kept[0]!.path} (${r.kept[0]!.reason}).` : '';
  const undoId = r.undoId;
  const undo =
    undoId === null
      ? undefined
      : () =>
          void get()
            .attempt(() => unwrap(api.undoTrash({ undoId })))
            .then((u) => {
              if (!u) return;
              get().toast(u.left.length ? 'error' : 'info', undoneLine(u));
              onUndone?.();
            });
  get().toast(undo ? 'undo' : 'info', `Moved ${moved} to the trash${extra}.${stayed}`, undo);
}

export const createDuplicatesSlice: Slice<DuplicatesSlice> = (set, get) => ({
  duplicateGroups: null,
  duplicateSearch: null,
  nearThreshold: 0.95,
  setNearThreshold: (nearThreshold) => set({ nearThreshold }),
  setDuplicateProgress: (p) => set((s) => (s.duplicateSearch ? { duplicateSearch: p } : {})),
  findDuplicates: async () => {
    set({ duplicateSearch: { done: 0, total: 0 } });
    const groups = await get().attempt(() => unwrap(api.findDuplicates({ near: get().nearThreshold })));
    set({ duplicateSearch: null, ...(groups ? { duplicateGroups: groups } : {}) });
  },
  sendToTrash: async (photoIds) => {
    const r = await get().attempt(() => unwrap(api.trashPhotos({ photoIds })));
    if (r) trashedToast(get, r, '');
    return (r?.trashed ?? 0) > 0;
  },
  resolveGroup: async (group, keepId) => {
    const removeIds = group.photos.filter((p) => p.id !== keepId).map((p) => p.id);
    const r = await get().attempt(() => unwrap(api.resolveDuplicates({ keepId, removeIds })));
    if (!r) return;
    set((s) => ({ duplicateGroups: s.duplicateGroups?.filter((g) => g !== group) ?? null }));
    const tags = r.tagsCarried > 0 ? `; the kept photo gained ${r.tagsCarried} ${r.tagsCarried === 1 ? 'tag' : 'tags'}` : '';
    // Undone, the group is back in the list.
    trashedToast(get, r, tags, () => set((s) => ({ duplicateGroups: s.duplicateGroups ? [group, ...s.duplicateGroups] : null })));
  },
});
