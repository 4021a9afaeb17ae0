/** App-wide shortcuts: `/` or Ctrl/Cmd+F search · Ctrl/Cmd+Z undo · Esc back to the library. */
import { useEffect } from 'react';
import { useStore } from '../store/index.js';
import { searchActive } from '../store/selectors.js';

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || !!target.closest('input, textarea, select'));
}

/** Listens on window; grid- and viewer-specific keys are handled where they have focus. */
export function useGlobalKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const s = useStore.getState();
      const mod = e.ctrlKey || e.metaKey;
      if (s.onboarding || document.querySelector('dialog[open]')) return;
      if ((e.key === '/' && !typing(e.target)) || (mod && e.key.toLowerCase() === 'f')) {
        e.preventDefault();
        s.setView('library');
        requestAnimationFrame(() => document.getElementById('search-input')?.focus());
      } else if (mod && e.key.toLowerCase() === 'z' && !typing(e.target)) {
        e.preventDefault();
        void s.undo();
      } else if (e.key === 'Escape' && !typing(e.target) && s.viewerIndex === null) {
        if (s.view !== 'library') s.setView('library');
        else if (searchActive(s)) s.clearSearch();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
