/** The viewer's picture: fitted to the stage, or at 100 % with drag-to-pan; turned by the photo's rotation. */
import { useRef, useState, type PointerEvent, type ReactNode } from 'react';

/** Props of {@link ViewerImage}. */
export interface ViewerImageProps {
  src: string;
  alt: string;
  rotation: number;
  /** 100 % (one image pixel per screen pixel) instead of fitted. */
  zoomed: boolean;
  onToggleZoom(): void;
}

/**
 * Fitted, a quarter-turned picture swaps the stage's width and height limits (container query units); at 100 % it
 * sits in a scroll box sized to the turned picture, and dragging pans it. A click toggles between the two.
 */
export function ViewerImage(p: ViewerImageProps): ReactNode {
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(null);
  const drag = useRef<{ x: number; y: number; left: number; top: number; moved: boolean } | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const sideways = p.rotation === 90 || p.rotation === 270;

  const onPointerDown = (e: PointerEvent): void => {
    const el = box.current;
    if (!el || e.button !== 0) return;
    drag.current = { x: e.clientX, y: e.clientY, left: el.scrollLeft, top: el.scrollTop, moved: false };
    el.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent): void => {
    const d = drag.current;
    const el = box.current;
    if (!d || !el || !p.zoomed) return;
    if (Math.abs(e.clientX - d.x) + Math.abs(e.clientY - d.y) > 3) d.moved = true;
    el.scrollLeft = d.left - (e.clientX - d.x);
    el.scrollTop = d.top - (e.clientY - d.y);
  };
  const onPointerUp = (): void => {
    const d = drag.current;
    drag.current = null;
    if (d && !d.moved) p.onToggleZoom();
  };

  const turned = { transform: p.rotation ? `rotate(${p.rotation}deg)` : undefined };
  const size = natural && p.zoomed ? (sideways ? { width: natural.h, height: natural.w } : { width: natural.w, height: natural.h }) : null;
  return (
    <div
      ref={box}
      className={p.zoomed ? 'viewer-canvas is-zoomed' : 'viewer-canvas'}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      data-testid="viewer-canvas"
    >
      <div className="viewer-turn" style={size ?? undefined}>
        <img
          className={sideways ? 'viewer-image is-sideways' : 'viewer-image'}
          src={p.src}
          alt={p.alt}
          draggable={false}
          style={turned}
          onLoad={(e) => setNatural({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })}
          data-testid="viewer-image"
          data-rotation={p.rotation}
        />
      </div>
    </div>
  );
}
