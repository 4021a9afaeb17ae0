/** "37 strong matches · 120 weaker (show)", or the no-results state with a broader query to try. */
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState } from '../../components/EmptyState.js';
import { SaveSmartAlbum } from '../albums/SaveSmartAlbum.js';
import { broaderQuery } from '../../lib/query-hints.js';
import { useStore } from '../../store/index.js';
import { resultsSummary } from '../../store/selectors.js';

/** Sits between the search bar and the grid while a search is active. */
export function ResultsSummary(): ReactNode {
  const { results, searching, includeWeak, query, queryProblem } = useStore(
    useShallow((s) => ({
      results: s.results,
      searching: s.searching,
      includeWeak: s.includeWeak,
      query: s.query,
      queryProblem: s.queryProblem,
    })),
  );
  const s = useStore.getState();
  if (queryProblem && !searching)
    return (
      <EmptyState title="Nothing to search for yet" testId="query-problem">
        {queryProblem}
      </EmptyState>
    );
  if (!results)
    return (
      <p className="summary" aria-live="polite">
        {searching ? 'Searching…' : ''}
      </p>
    );
  if (results.hits.length === 0) {
    const broader = broaderQuery(query);
    return (
      <EmptyState title="No photos match" testId="no-results">
        <p>Try broader words{broader ? '' : ', fewer filters,'} or describe the scene instead of a detail.</p>
        {broader && (
          <button type="button" className="btn" onClick={() => s.setQuery(broader)}>
            Search “{broader}”
          </button>
        )}
        {results.weakCount > 0 && !includeWeak && (
          <button type="button" className="btn" onClick={() => s.setIncludeWeak(true)}>
            Show {results.weakCount} weaker matches
          </button>
        )}
      </EmptyState>
    );
  }
  return (
    <p className="summary" aria-live="polite" data-testid="results-summary">
      {resultsSummary(results)}
      {results.weakCount > 0 && (
        <>
          {' '}
          <button type="button" className="link" onClick={() => s.setIncludeWeak(!includeWeak)} aria-pressed={includeWeak}>
            ({includeWeak ? 'hide' : 'show'})
          </button>
        </>
      )}
      {searching && <span className="muted"> · updating…</span>} <SaveSmartAlbum />
    </p>
  );
}
