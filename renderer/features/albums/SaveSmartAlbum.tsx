/** "Save as smart album": keeps the current description, filters and order; the album runs them again when opened. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/index.js';
import { currentAlbum } from '../../store/selectors.js';

/** A link that becomes a name field; hidden while an album (or a find-similar) shows. */
export function SaveSmartAlbum(): ReactNode {
  const { hidden } = useStore(useShallow((s) => ({ hidden: s.similarTo !== null || currentAlbum(s) !== undefined || !!s.filters.album })));
  const [name, setName] = useState<string | null>(null);
  if (hidden) return null;
  if (name === null)
    return (
      <button type="button" className="link" onClick={() => setName('')} data-testid="save-smart-album">
        Save as smart album
      </button>
    );
  const save = (e: FormEvent): void => {
    e.preventDefault();
    const s = useStore.getState();
    const query = s.query.trim();
    const sort = query ? s.viewPrefs.search.sort : s.viewPrefs.library.sort;
    const search = { ...(query ? { query } : {}), filters: s.filters, sort };
    if (name.trim()) void s.createAlbum(name.trim(), { search }).then((made) => made && setName(null));
  };
  return (
    <form className="row-gap inline" onSubmit={save}>
      <input
        autoFocus
        value={name}
        onChange={(e) => setName(e.target.value)}
        placeholder="Smart album name"
        aria-label="Smart album name"
      />
      <button type="submit" className="btn small primary" disabled={!name.trim()}>
        Save
      </button>
      <button type="button" className="btn small" onClick={() => setName(null)}>
        Cancel
      </button>
    </form>
  );
}
