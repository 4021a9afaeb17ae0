/** The full-window viewer (or Space quick look): large image, zoom, rotate, full screen, prev/next, the inspector. */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { displayUrl } from '../../lib/api.js';
import { baseName } from '../../lib/format.js';
import { pageSize } from '../../store/library.slice.js';
import { useStore } from '../../store/index.js';
import { gridCount, photoAt } from '../../store/selectors.js';
import { Inspector } from './Inspector.js';
import { ViewerImage } from './ViewerImage.js';

/** Moves the open photo to the trash (Undo in the toast) and closes the viewer. */
async function trashOpen(): Promise<void> {
  const s = useStore.getState();
  // The photo on screen (its detail may still be loading).
  const id = s.viewerIndex === null ? undefined : photoAt(s, s.viewerIndex, pageSize)?.id;
  if (id === undefined) return;
  s.closeViewer();
  await s.trashPhotos([id]);
}

/** Shows the viewer on the whole screen, or leaves full screen. */
function toggleFullScreen(): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else void document.querySelector('[data-testid="viewer"]')?.requestFullscreen();
}

/**
 * Keys while open: ←/→ previous/next, Z 100 %, R / Shift+R rotate, F full screen, Delete to the trash, Esc (or Space in quick look) closes
 * (Esc leaves full screen first: the browser takes that one). Typing in an input is left alone.
 */
function useViewerKeys(open: boolean, toggleZoom: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent): void => {
      if ((e.target as HTMLElement).closest('input, textarea, select')) return;
      const s = useStore.getState();
      if (e.key === 'ArrowLeft') s.stepViewer(-1);
      else if (e.key === 'ArrowRight') s.stepViewer(1);
      else if (e.key === 'z' || e.key === 'Z') toggleZoom();
      else if (e.key === 'r' || e.key === 'R') void s.rotateOpen(e.shiftKey ? -1 : 1);
      else if (e.key === 'f' || e.key === 'F') toggleFullScreen();
      else if (e.key === 'Delete') void trashOpen();
      else if (e.key === 'Escape' || (e.key === ' ' && s.quickLook)) s.closeViewer();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [open, toggleZoom]);
}

/** Renders nothing while closed; returns focus to the grid on close. */
export function Viewer(): ReactNode {
  const v = useStore(
    useShallow((s) => {
      const photo = s.viewerIndex === null ? undefined : photoAt(s, s.viewerIndex, pageSize);
      return { index: s.viewerIndex, quick: s.quickLook, photo, count: gridCount(s) };
    }),
  );
  const [zoomed, setZoomed] = useState(false);
  const toggleZoom = useCallback(() => setZoomed((z) => !z), []);
  useViewerKeys(v.index !== null, toggleZoom);
  const photoId = v.photo?.id;
  useEffect(() => setZoomed(false), [photoId]);
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
          <button type="button" className="btn ghost" onClick={() => void s.rotateOpen(-1)} aria-label="Rotate left (Shift+R)">
            ⟲
          </button>
          <button type="button" className="btn ghost" onClick={() => void s.rotateOpen(1)} aria-label="Rotate right (R)">
            ⟳
          </button>
          <button type="button" className="btn ghost" onClick={toggleZoom} aria-pressed={zoomed} aria-label="Zoom to 100 % (Z)">
            {zoomed ? 'Fit' : '100 %'}
          </button>
          <button
            type="button"
            className="btn ghost"
            onClick={() => void trashOpen()}
            aria-label="Move to trash (Delete)"
            data-testid="viewer-trash"
          >
            Move to trash
          </button>
          <button type="button" className="btn ghost" onClick={toggleFullScreen} aria-label="Full screen (F)">
            Full screen
          </button>
        </header>
        <ViewerImage src={displayUrl(v.photo.id)} alt={name} rotation={v.photo.rotation} zoomed={zoomed} onToggleZoom={toggleZoom} />
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
