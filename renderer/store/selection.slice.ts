/** Grid focus and selection: click, shift-click ranges, ctrl/cmd toggles, select all loaded. */
import { pageSize } from './library.slice.js';
import { gridCount, idsInRange, photoAt } from './selectors.js';
import type { Slice } from './types.js';

/** Modifier keys of a click or key press. */
export interface PickMods {
  shift: boolean;
  toggle: boolean;
}

export interface SelectionSlice {
  selected: Set<number>;
  anchorIndex: number | null;
  focusIndex: number;
  /** Click semantics: plain = only this, toggle = add/remove, shift = range from the anchor. */
  pick(index: number, mods: PickMods): void;
  /** Moves the focus; with `extend` the selection follows as a range from the anchor. */
  moveFocus(index: number, extend: boolean): void;
  /** Drag selection: everything from the anchor (where the drag started) to `index`. */
  dragTo(index: number): void;
  selectAll(): void;
  clearSelection(): void;
  /** Takes photos out of the selection (they left the library: moved to the trash). */
  deselect(photoIds: readonly number[]): void;
  /** A new list is showing: focus on its first photo, nothing selected, no anchor. */
  resetFocusAndSelection(): void;
}

export const createSelectionSlice: Slice<SelectionSlice> = (set, get) => ({
  selected: new Set(),
  anchorIndex: null,
  focusIndex: 0,
  pick: (index, mods) => {
    const s = get();
    const photo = photoAt(s, index, pageSize);
    if (!photo) return;
    if (mods.shift && s.anchorIndex !== null) {
      const range = idsInRange(s, s.anchorIndex, index, pageSize);
      const base = mods.toggle ? s.selected : new Set<number>();
      set({ selected: new Set([...base, ...range]), focusIndex: index });
    } else if (mods.toggle) {
      const selected = new Set(s.selected);
      if (selected.has(photo.id)) selected.delete(photo.id);
      else selected.add(photo.id);
      set({ selected, anchorIndex: index, focusIndex: index });
    } else {
      set({ selected: new Set([photo.id]), anchorIndex: index, focusIndex: index });
    }
  },
  moveFocus: (index, extend) => {
    const s = get();
    if (index < 0 || index >= gridCount(s)) return;
    if (extend) {
      const anchor = s.anchorIndex ?? s.focusIndex;
      set({ focusIndex: index, anchorIndex: anchor, selected: new Set(idsInRange(s, anchor, index, pageSize)) });
    } else {
      set({ focusIndex: index });
    }
  },
  dragTo: (index) => {
    const s = get();
    if (s.anchorIndex === null) return;
    set({ selected: new Set(idsInRange(s, s.anchorIndex, index, pageSize)), focusIndex: index });
  },
  selectAll: () => {
    const s = get();
    set({ selected: new Set(idsInRange(s, 0, gridCount(s) - 1, pageSize)) });
  },
  clearSelection: () => set({ selected: new Set(), anchorIndex: null }),
  deselect: (photoIds) => {
    const selected = new Set(get().selected);
    for (const id of photoIds) selected.delete(id);
    if (selected.size !== get().selected.size) set({ selected });
  },
  resetFocusAndSelection: () => set({ focusIndex: 0, selected: new Set(), anchorIndex: null }),
});
