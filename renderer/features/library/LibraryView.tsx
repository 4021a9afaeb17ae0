/** The main screen: search bar, filter chips, result summary, then the grid or the right empty state. */
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState } from '../../components/EmptyState.js';
import { AlbumBanner } from '../albums/AlbumBanner.js';
import { baseName } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { searchActive, switchLine } from '../../store/selectors.js';
import { MissingGroups } from '../folders/MissingGroups.js';
import { ResultsSummary } from '../search/ResultsSummary.js';
import { SearchBar } from '../search/SearchBar.js';
import { PhotoGrid } from './PhotoGrid.js';
import { SelectionBar } from './SelectionBar.js';
import { ViewControls } from './ViewControls.js';

/** Picks between grid and empty states; the search bar stays visible throughout. */
export function LibraryView(): ReactNode {
  const v = useStore(
    useShallow((s) => ({
      active: searchActive(s),
      described: s.query.trim() !== '' || s.similarTo !== null,
      hasResults: (s.results?.hits.length ?? 0) > 0,
      total: s.total,
      loaded: s.libraryLoaded,
      noFolders: s.folders !== null && s.folders.length === 0,
      noModel: s.status !== null && s.status.model === null && s.status.serving === null,
      switchText: s.status ? switchLine(s.status) : null,
      browsing: s.browsing,
      missingOf: s.showingMissing === null ? null : (s.folders?.find((f) => f.id === s.showingMissing)?.path ?? 'this folder'),
    })),
  );
  const showMissing = useStore((s) => s.showMissing);
  const browseDir = useStore((s) => s.browseDir);
  // A description or find-similar is a search with its own order and size; filters alone list the library.
  const gridView = v.described ? 'search' : 'library';
  const tileSize = useStore((s) => s.viewPrefs[gridView].tileSize);
  const setView = useStore((s) => s.setView);
  let body: ReactNode;
  if (v.active) body = v.hasResults ? <PhotoGrid tileSize={tileSize} /> : null;
  else if (!v.loaded)
    body = (
      <p className="muted pad" aria-busy="true">
        Opening your library…
      </p>
    );
  else if (v.total === 0 && v.browsing)
    body = (
      <EmptyState title="No photos in this folder" testId="empty-folder">
        {v.browsing.recursive
          ? 'Its photos may have moved or been removed.'
          : 'Its photos are in its subfolders: tick "Include subfolders".'}
      </EmptyState>
    );
  else if (v.total === 0)
    body = v.noFolders ? (
      <EmptyState
        title="Your library is empty"
        testId="empty-library"
        actions={
          <button type="button" className="btn primary" onClick={() => setView('folders')}>
            Add a folder
          </button>
        }
      >
        Add a folder of photos. Shoebox reads them where they are and never moves or changes them.
      </EmptyState>
    ) : (
      <EmptyState title="Looking for photos…" testId="empty-scanning">
        Your folders are being scanned. Photos appear here as they are found.
      </EmptyState>
    );
  else body = <PhotoGrid tileSize={tileSize} />;

  return (
    <div className="library" data-testid="library-view">
      <div className="toolbar">
        <SearchBar />
        <ViewControls view={gridView} />
      </div>
      {v.noModel && (
        <div className="banner" role="status" data-testid="model-missing">
          No model yet: browse, filter and tag your photos now. Search by description, find similar and tag suggestions start once a model
          is installed.{' '}
          <button type="button" className="link" onClick={() => setView('models')}>
            Choose a model
          </button>
        </div>
      )}
      {v.switchText && (
        <div className="banner" role="status" data-testid="model-switch">
          {v.switchText}
        </div>
      )}
      {v.missingOf !== null && (
        <div className="banner" role="status" data-testid="missing-view">
          Photos missing from {v.missingOf}.{' '}
          <button type="button" className="link" onClick={() => showMissing(null)}>
            Back to the library
          </button>
        </div>
      )}
      {v.browsing && (
        <div className="banner browsing" role="status" data-testid="browsing">
          <span>
            Showing <strong title={v.browsing.dir}>{baseName(v.browsing.dir)}</strong>
          </span>
          <label>
            <input
              type="checkbox"
              checked={v.browsing.recursive}
              onChange={(e) => browseDir({ dir: v.browsing!.dir, recursive: e.target.checked })}
            />{' '}
            Include subfolders
          </label>
          <button type="button" className="link" onClick={() => browseDir(null)}>
            Back to the library
          </button>
        </div>
      )}
      {!v.active && v.missingOf === null && !v.browsing && <MissingGroups />}
      <AlbumBanner />
      {v.active && <ResultsSummary />}
      <div className="library-body">{body}</div>
      <SelectionBar />
    </div>
  );
}
