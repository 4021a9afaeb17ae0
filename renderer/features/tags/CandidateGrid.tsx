/** Right side of the review: candidates by confidence, pre-selection by threshold, per-photo ✓/✗. */
import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { thumbUrl } from '../../lib/api.js';
import { baseName, formatPercent } from '../../lib/format.js';
import { useStore } from '../../store/index.js';

/** Columns of a CSS grid, read from its computed template. */
function columnsOf(el: HTMLElement | null): number {
  if (!el) return 1;
  return Math.max(1, getComputedStyle(el).gridTemplateColumns.split(' ').length);
}

/** Y accept · N reject · Space toggle · arrows move · A apply selected. */
export function CandidateGrid(): ReactNode {
  const { candidates, selected, focus } = useStore(
    useShallow((s) => ({ candidates: s.candidates, selected: s.reviewSelected, focus: s.reviewFocus })),
  );
  const gridRef = useRef<HTMLDivElement>(null);
  const s = useStore.getState();
  if (!candidates) return <p className="muted pad">Loading candidates…</p>;
  if (candidates.length === 0) return <p className="muted pad">No suggestions left for this tag.</p>;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const cols = columnsOf(gridRef.current);
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -cols, ArrowDown: cols };
    const current = candidates[focus];
    const key = e.key.toLowerCase();
    if (e.key in moves) s.setReviewFocus(Math.max(0, Math.min(candidates.length - 1, focus + moves[e.key]!)));
    else if (key === 'y' && current) void s.acceptOne(current.photo.id);
    else if (key === 'n' && current) void s.rejectOne(current.photo.id);
    else if (e.key === ' ' && current) s.toggleCandidate(current.photo.id);
    else if (key === 'a') void s.applySelected();
    else return;
    e.preventDefault();
    document
      .getElementById(`cand-${Math.max(0, Math.min(candidates.length - 1, focus + (moves[e.key] ?? 0)))}`)
      ?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <div
      ref={gridRef}
      className="cand-grid"
      role="listbox"
      aria-multiselectable="true"
      aria-label="Candidate photos, most confident first"
      aria-activedescendant={`cand-${focus}`}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="candidate-grid"
    >
      {candidates.map((c, i) => {
        const isSel = selected.has(c.photo.id);
        const name = baseName(c.photo.path);
        return (
          <div
            key={c.photo.id}
            id={`cand-${i}`}
            role="option"
            aria-selected={isSel}
            aria-label={`${name}, ${formatPercent(c.score)} confidence`}
            className={['cand', isSel && 'is-selected', i === focus && 'is-focused'].filter(Boolean).join(' ')}
            onClick={() => {
              s.setReviewFocus(i);
              s.toggleCandidate(c.photo.id);
            }}
            data-testid="candidate"
            data-photo-id={c.photo.id}
            data-selected={isSel}
          >
            <img src={thumbUrl(c.photo.id)} alt="" loading="lazy" draggable={false} />
            <span className="cand-score">{formatPercent(c.score)}</span>
            {isSel && (
              <span className="tile-check" aria-hidden="true">
                ✓
              </span>
            )}
            <span className="cand-actions">
              <button
                type="button"
                className="chip-btn"
                aria-label={`Accept for ${name} (Y)`}
                onClick={(e) => (e.stopPropagation(), void s.acceptOne(c.photo.id))}
              >
                ✓
              </button>
              <button
                type="button"
                className="chip-btn"
                aria-label={`Reject for ${name} (N)`}
                onClick={(e) => (e.stopPropagation(), void s.rejectOne(c.photo.id))}
              >
                ✗
              </button>
            </span>
          </div>
        );
      })}
    </div>
  );
}
