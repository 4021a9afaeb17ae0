/** The left navigation: Library, Search, Review tags, Tags, Duplicates, Folders, Models, Settings, then albums and the folder tree. */
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { AlbumList } from '../features/albums/AlbumList.js';
import { FolderTree } from '../features/folders/FolderTree.js';
import { formatCount } from '../lib/format.js';
import { useStore } from '../store/index.js';
import { currentAlbum } from '../store/selectors.js';
import type { View } from '../store/ui.slice.js';

const items: { view: View | 'search'; label: string; icon: string }[] = [
  { view: 'library', label: 'Library', icon: '▦' },
  { view: 'search', label: 'Search', icon: '⌕' },
  { view: 'review', label: 'Review tags', icon: '✓' },
  { view: 'tags', label: 'Tags', icon: '#' },
  { view: 'duplicates', label: 'Duplicates', icon: '▣' },
  { view: 'folders', label: 'Folders', icon: '▤' },
  { view: 'models', label: 'Models', icon: '◈' },
  { view: 'settings', label: 'Settings', icon: '⚙' },
];

/** "Search" jumps to the library and focuses the search box. */
export function Sidebar(): ReactNode {
  const { view, total, pending } = useStore(
    useShallow((s) => ({
      // While a folder, an album or the missing photos show, the Library item is not current and counts the whole library.
      view: s.view === 'library' && (s.browsing || s.showingMissing !== null || currentAlbum(s)) ? null : s.view,
      total: s.status?.counts.photos ?? s.total,
      pending: (s.groups ?? []).reduce((n, g) => n + g.count, 0),
    })),
  );
  const setView = useStore((s) => s.setView);
  const browseDir = useStore((s) => s.browseDir);
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand" aria-hidden="true">
        Shoebox
      </div>
      <ul>
        {items.map((it) => {
          const current = it.view === view;
          return (
            <li key={it.view}>
              <button
                type="button"
                className={current ? 'nav is-current' : 'nav'}
                aria-current={current ? 'page' : undefined}
                data-testid={`nav-${it.view}`}
                onClick={() => {
                  const state = useStore.getState();
                  // "Library" is the whole library again after a folder, an album or the missing photos were showing.
                  if (it.view === 'library' && (state.browsing || state.showingMissing !== null)) browseDir(null);
                  if (it.view === 'library' && currentAlbum(state)) state.clearSearch();
                  if (it.view === 'search') {
                    setView('library');
                    requestAnimationFrame(() => document.getElementById('search-input')?.focus());
                  } else setView(it.view);
                }}
              >
                <span className="nav-icon" aria-hidden="true">
                  {it.icon}
                </span>
                <span className="nav-label">{it.label}</span>
                {it.view === 'library' && total > 0 && <span className="nav-count">{formatCount(total)}</span>}
                {it.view === 'review' && pending > 0 && <span className="nav-count">{formatCount(pending)}</span>}
              </button>
            </li>
          );
        })}
      </ul>
      <AlbumList />
      <FolderTree />
    </nav>
  );
}
