/** Keyboard handling of the photo grid: arrows (+Shift) move, Enter opens, Space quick-looks, Ctrl/Cmd+A, T. */
import { useCallback, type KeyboardEvent } from 'react';
import { moveIndex, type GridRow } from '../../lib/grid-rows.js';
import { useStore } from '../../store/index.js';

const arrows: Record<string, 'left' | 'right' | 'up' | 'down'> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/** Returns the grid's onKeyDown; reads the store lazily so it never re-subscribes. */
export function useGridKeys(rows: GridRow[], count: number): (e: KeyboardEvent<HTMLDivElement>) => void {
  return useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      const s = useStore.getState();
      const mod = e.ctrlKey || e.metaKey;
      const dir = arrows[e.key];
      if (dir) {
        e.preventDefault();
        const next = moveIndex(rows, s.focusIndex, dir, count);
        if (next >= 0) s.moveFocus(next, e.shiftKey);
        if (!e.shiftKey && !mod && next >= 0) s.pick(next, { shift: false, toggle: false });
      } else if (e.key === 'Enter') {
        e.preventDefault();
        s.openViewer(s.focusIndex);
      } else if (e.key === ' ') {
        e.preventDefault();
        s.openViewer(s.focusIndex, true);
      } else if (mod && e.key.toLowerCase() === 'a') {
        e.preventDefault();
        s.selectAll();
      } else if (!mod && e.key.toLowerCase() === 't' && s.selected.size > 0) {
        e.preventDefault();
        s.setTagPrompt('add');
      } else if (e.key === 'Escape' && s.selected.size > 0) {
        e.preventDefault();
        e.stopPropagation();
        s.clearSelection();
      }
    },
    [rows, count],
  );
}
