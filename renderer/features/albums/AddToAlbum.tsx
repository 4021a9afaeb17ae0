/** "Add to album…" for the selection: the manual albums, or a new one named on the spot. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useStore } from '../../store/index.js';

/** A small menu under the selection bar's button; closes after adding. */
export function AddToAlbum({ photoIds, onClose }: { photoIds: number[]; onClose(): void }): ReactNode {
  const all = useStore((s) => s.albums);
  const albums = (all ?? []).filter((a) => a.kind === 'manual');
  const [name, setName] = useState('');
  const create = (e: FormEvent): void => {
    e.preventDefault();
    if (!name.trim()) return;
    void useStore
      .getState()
      .createAlbum(name.trim(), { photoIds })
      .then((made) => made && onClose());
  };
  return (
    <div className="popover album-menu" role="dialog" aria-label="Add to album" data-testid="add-to-album">
      {albums.map((a) => (
        <button
          key={a.id}
          type="button"
          className="btn ghost"
          onClick={() => void useStore.getState().addToAlbum(a, photoIds).then(onClose)}
        >
          {a.name}
        </button>
      ))}
      <form className="row-gap" onSubmit={create}>
        <input autoFocus value={name} onChange={(e) => setName(e.target.value)} placeholder="New album name" aria-label="New album name" />
        <button type="submit" className="btn primary" disabled={!name.trim()}>
          Make album
        </button>
      </form>
      <button type="button" className="btn" onClick={onClose}>
        Cancel
      </button>
    </div>
  );
}
