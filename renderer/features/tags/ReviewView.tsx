/** Review tags: groups on the left; the chosen tag's candidates, threshold slider and bulk actions on the right. */
import { useEffect, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState } from '../../components/EmptyState.js';
import { formatCount, formatPercent } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { CandidateGrid } from './CandidateGrid.js';
import { GroupList } from './GroupList.js';

/** Slider bounds that contain every candidate score and the threshold. */
function sliderRange(scores: number[], threshold: number): [number, number] {
  const lo = Math.min(threshold, ...scores);
  const hi = Math.max(threshold, ...scores);
  return [Math.floor(lo * 100) / 100, Math.ceil(hi * 100) / 100];
}

/** Loads the groups on entry and picks the biggest one. */
export function ReviewView(): ReactNode {
  const r = useStore(
    useShallow((s) => ({
      groups: s.groups,
      activeTag: s.activeTag,
      candidates: s.candidates,
      threshold: s.threshold,
      selectedCount: s.reviewSelected.size,
      suggesting: s.job?.suggesting ?? null,
    })),
  );
  const s = useStore.getState();
  useEffect(() => {
    void useStore.getState().loadGroups();
  }, []);
  useEffect(() => {
    const first = r.groups?.slice().sort((a, b) => b.count - a.count)[0];
    if (!r.activeTag && first) void useStore.getState().chooseTag(first.tag);
  }, [r.groups, r.activeTag]);

  if (r.groups && r.groups.length === 0) {
    const busy = r.suggesting && r.suggesting.state !== 'idle';
    return (
      <EmptyState
        title={busy ? 'Finding suggestions…' : 'Nothing to review'}
        testId="review-empty"
        actions={
          <button type="button" className="btn" onClick={() => void s.suggestNow()}>
            Suggest tags now
          </button>
        }
      >
        {busy
          ? 'Shoebox is scoring your photos against its vocabulary in the background; suggestions appear here as soon as they are ready.'
          : 'Suggestions appear here on their own once photos are indexed. Shoebox proposes tags; you decide which ones stay.'}
      </EmptyState>
    );
  }
  const uncalibrated = r.groups?.some((g) => !g.calibrated) ?? false;
  const scores = (r.candidates ?? []).map((c) => c.score);
  const [min, max] = sliderRange(scores, r.threshold);
  const rest = (r.candidates?.length ?? 0) - r.selectedCount;
  return (
    <div className="review" data-testid="review-view">
      <GroupList />
      <section className="review-main" aria-label={r.activeTag ? `Candidates for ${r.activeTag}` : 'Candidates'}>
        <header className="review-head">
          <h2>{r.activeTag ?? 'Choose a tag'}</h2>
          <label className="threshold">
            <span>Threshold {formatPercent(r.threshold)}</span>
            <input
              type="range"
              min={min}
              max={max}
              step={0.005}
              value={r.threshold}
              onChange={(e) => s.setThreshold(Number(e.target.value))}
              aria-label="Confidence threshold for pre-selection"
              data-testid="threshold-slider"
            />
          </label>
          <button
            type="button"
            className="btn primary"
            disabled={r.selectedCount === 0}
            onClick={() => void s.applySelected()}
            data-testid="apply-selected"
          >
            Apply to {formatCount(r.selectedCount)} {r.selectedCount === 1 ? 'photo' : 'photos'}
          </button>
          <button type="button" className="btn" disabled={rest <= 0} onClick={() => void s.rejectRest()} data-testid="reject-rest">
            Reject the rest
          </button>
        </header>
        {uncalibrated && (
          <p className="notice" data-testid="uncalibrated-note">
            These suggestions are uncalibrated: this model's confidence is not known, so scores say how much a photo stands out for a tag,
            not how likely it shows it. Check before applying.
          </p>
        )}
        <p className="hint">Y accept · N reject · Space toggle · A apply selected · arrows move · Ctrl/Cmd+Z undo</p>
        {r.activeTag && <CandidateGrid />}
      </section>
    </div>
  );
}
