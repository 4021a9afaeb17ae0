/** One square tile of the grid: the thumbnail (or a placeholder), selection and focus marks, an optional score. */
import { memo, useState, type MouseEvent, type ReactNode } from 'react';

/** Props of {@link Thumbnail}; `src` null draws a placeholder while the page loads. */
export interface ThumbnailProps {
  index: number;
  id: string;
  src: string | null;
  name: string;
  selected: boolean;
  focused: boolean;
  missing?: boolean;
  /** False while the thumbnail is not made yet (or cannot be): a labelled placeholder shows instead. */
  hasThumb?: boolean;
  badge?: string;
  /** A tooltip, e.g. why the file cannot be read. */
  title?: string;
  tags?: string[];
  /** Degrees clockwise the person turned the photo (the square crop turns with it). */
  rotation?: number;
  onPick?(index: number, e: MouseEvent): void;
  onOpen?(index: number): void;
  /** The pointer entered this tile with the button held: extend a drag selection to it. */
  onDragTo?(index: number): void;
}

/** Memoised so scrolling re-renders only tiles whose props changed. */
export const Thumbnail = memo(function Thumbnail(p: ThumbnailProps): ReactNode {
  const [failed, setFailed] = useState(false);
  if (p.src === null) return <div className="tile tile-pending" aria-hidden="true" />;
  const preview = p.hasThumb !== false && !failed;
  const classes = ['tile', p.selected && 'is-selected', p.focused && 'is-focused', p.missing && 'is-missing'].filter(Boolean).join(' ');
  return (
    <div
      id={p.id}
      className={classes}
      role="option"
      aria-selected={p.selected}
      aria-label={p.tags?.length ? `${p.name}, tagged ${p.tags.join(', ')}` : p.name}
      title={p.title}
      data-testid="photo-tile"
      data-index={p.index}
      data-tags={p.tags?.join(',') ?? ''}
      onMouseDown={(e) => e.button === 0 && p.onPick?.(p.index, e)}
      onDoubleClick={() => p.onOpen?.(p.index)}
      onMouseEnter={(e) => e.buttons === 1 && p.onDragTo?.(p.index)}
    >
      {preview ? (
        <img
          src={p.src}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          style={p.rotation ? { transform: `rotate(${p.rotation}deg)` } : undefined}
          data-rotation={p.rotation ?? 0}
          onError={() => setFailed(true)}
        />
      ) : (
        <span className="tile-nopreview">{p.name}</span>
      )}
      {p.badge && <span className="tile-badge">{p.badge}</span>}
      {p.selected && (
        <span className="tile-check" aria-hidden="true">
          ✓
        </span>
      )}
      {p.tags && p.tags.length > 0 && (
        <span className="tile-tags" aria-hidden="true">
          {p.tags.slice(0, 3).join(' · ')}
        </span>
      )}
    </div>
  );
});
