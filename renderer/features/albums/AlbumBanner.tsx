/** Above the grid while an album shows: its name and kind, rename, delete, and taking the selection out of it. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/index.js';
import { currentAlbum } from '../../store/selectors.js';

/** Nothing when no album shows. */
export function AlbumBanner(): ReactNode {
  const { album, selected } = useStore(useShallow((s) => ({ album: currentAlbum(s), selected: s.selected })));
  const [renaming, setRenaming] = useState<string | null>(null);
  if (!album) return null;
  const s = useStore.getState();
  const rename = (e: FormEvent): void => {
    e.preventDefault();
    if (renaming?.trim()) void s.renameAlbum(album, renaming.trim());
    setRenaming(null);
  };
  return (
    <div className="banner browsing" role="status" data-testid="album-banner">
      {renaming === null ? (
        <span>
          {album.kind === 'smart' ? 'Smart album' : 'Album'} <strong>{album.name}</strong>
          {album.kind === 'smart' && <span className="muted"> · its search runs again each time it is opened</span>}
        </span>
      ) : (
        <form className="row-gap" onSubmit={rename}>
          <input autoFocus value={renaming} onChange={(e) => setRenaming(e.target.value)} aria-label="Album name" />
          <button type="submit" className="btn small">
            Rename
          </button>
        </form>
      )}
      <button type="button" className="link" onClick={() => setRenaming(album.name)}>
        Rename
      </button>
      <button type="button" className="link" onClick={() => void s.deleteAlbum(album)} data-testid="delete-album">
        Delete album
      </button>
      {album.kind === 'manual' && selected.size > 0 && (
        <button type="button" className="link" onClick={() => void s.removeFromAlbum(album, [...selected])} data-testid="remove-from-album">
          Take {selected.size} out of the album
        </button>
      )}
      {album.kind === 'manual' && selected.size === 1 && (
        <button type="button" className="link" onClick={() => void s.setAlbumCover(album, [...selected][0]!)}>
          Use as cover
        </button>
      )}
    </div>
  );
}
