/** The sidebar's albums: manual ones with their photo counts, smart ones marked; choosing one shows it in the grid. */
import type { ReactNode } from 'react';
import { thumbUrl } from '../../lib/api.js';
import { formatCount } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { currentAlbum } from '../../store/selectors.js';

/** Nothing until the first album exists (albums are made from a selection or a search). */
export function AlbumList(): ReactNode {
  const albums = useStore((s) => s.albums);
  const current = useStore((s) => (s.view === 'library' ? currentAlbum(s)?.id : undefined));
  if (!albums || albums.length === 0) return null;
  return (
    <section aria-label="Albums">
      <h2 className="sidebar-heading">Albums</h2>
      <ul data-testid="album-list">
        {albums.map((a) => (
          <li key={a.id}>
            <button
              type="button"
              className={a.id === current ? 'nav is-current' : 'nav'}
              onClick={() => useStore.getState().openAlbum(a)}
              data-testid={`album-${a.name}`}
              title={
                a.kind === 'smart' ? `Smart album: ${a.search?.query ? `“${a.search.query}”` : 'filters'}, run again when opened` : a.name
              }
            >
              {a.coverPhotoId !== null ? (
                <img className="album-cover" src={thumbUrl(a.coverPhotoId)} alt="" />
              ) : (
                <span className="nav-icon" aria-hidden="true">
                  {a.kind === 'smart' ? '✦' : '▭'}
                </span>
              )}
              <span className="nav-label tree-label">{a.name}</span>
              {a.photoCount !== null && <span className="nav-count">{formatCount(a.photoCount)}</span>}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
