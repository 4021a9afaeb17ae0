/** The full-window viewer (or Space quick look): large image, prev/next, the inspector at the side, Esc closes. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { displayUrl } from '../../lib/api.js';
import { baseName } from '../../lib/format.js';
import { pageSize } from '../../store/library.slice.js';
import { useStore } from '../../store/index.js';
import { gridCount, photoAt } from '../../store/selectors.js';
import { Inspector } from './Inspector.js';

/** Keys while open: ←/→ previous/next, Esc (or Space in quick look) closes. Typing in an input is left alone. */
function useViewerKeys(open: boolean): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if ((e.target as HTMLElement).closest('input, textarea, select')) return;
      const s = useStore.getState();
      if (e.key === 'ArrowLeft') s.stepViewer(-1);
      else if (e.key === 'ArrowRight') s.stepViewer(1);
      else if (e.key === 'Escape' || (e.key === ' ' && s.quickLook)) s.closeViewer();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open]);
}

/** Renders nothing while closed; returns focus to the grid on close. */
export function Viewer(): ReactNode {
  const v = useStore(
    useShallow((s) => {
      const photo = s.viewerIndex === null ? undefined : photoAt(s, s.viewerIndex, pageSize);
      return { index: s.viewerIndex, quick: s.quickLook, photo, count: gridCount(s) };
    }),
  );
  useViewerKeys(v.index !== null);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (wasOpen.current && v.index === null) document.querySelector<HTMLElement>('[data-testid="photo-grid"]')?.focus();
    wasOpen.current = v.index !== null;
  }, [v.index]);
  if (v.index === null || !v.photo) return null;
  const s = useStore.getState();
  const name = baseName(v.photo.path);
  return (
    <div
      className={v.quick ? 'viewer is-quick' : 'viewer'}
      role="dialog"
      aria-modal="true"
      aria-label={`Photo ${name}`}
      data-testid="viewer"
    >
      <div className="viewer-stage">
        <header className="viewer-bar">
          <button
            type="button"
            className="btn ghost"
            onClick={s.closeViewer}
            aria-label="Close the viewer (Esc)"
            data-testid="viewer-close"
          >
            ← Back
          </button>
          <span className="viewer-title">{name}</span>
          <span className="muted">
            {v.index + 1} of {v.count}
          </span>
        </header>
        <img className="viewer-image" src={displayUrl(v.photo.id)} alt={name} data-testid="viewer-image" />
        <button
          type="button"
          className="viewer-nav prev"
          onClick={() => s.stepViewer(-1)}
          disabled={v.index === 0}
          aria-label="Previous photo (←)"
        >
          ‹
        </button>
        <button
          type="button"
          className="viewer-nav next"
          onClick={() => s.stepViewer(1)}
          disabled={v.index >= v.count - 1}
          aria-label="Next photo (→)"
        >
          ›
        </button>
      </div>
      {!v.quick && <Inspector />}
    </div>
  );
}
