/** The progress area's line for the background tag suggestions: photos scored of total, pause and resume. */
import type { ReactNode } from 'react';
import { ProgressBar } from '../../components/ProgressBar.js';
import { formatCount } from '../../lib/format.js';
import { useStore } from '../../store/index.js';

/** Shown while a pass prepares, runs or is paused; a failure stays visible in words. */
export function SuggestingItem(): ReactNode {
  const p = useStore((s) => s.job?.suggesting ?? null);
  const s = useStore.getState();
  if (!p || (p.state === 'idle' && !p.message)) return null;
  if (p.state === 'idle')
    return (
      <div className="status-item" data-testid="suggesting-progress">
        {p.message}
      </div>
    );
  const text =
    p.state === 'preparing'
      ? p.total > 0
        ? `Preparing tag suggestions · ${formatCount(p.done)} / ${formatCount(p.total)} concepts`
        : 'Preparing tag suggestions'
      : `${p.state === 'paused' ? 'Suggestions paused' : 'Suggesting tags'} · ${formatCount(p.done)} / ${formatCount(p.total)} photos${p.calibrated ? '' : ' · uncalibrated'}`;
  return (
    <div className="status-item" data-testid="suggesting-progress" data-state={p.state}>
      <span aria-live="polite">{text}</span>
      {p.total > 0 && <ProgressBar value={p.done} max={p.total} label="Tag suggestion progress" />}
      {p.state === 'paused' ? (
        <button type="button" className="btn small" onClick={() => void s.resumeSuggestions()} aria-label="Resume tag suggestions">
          Resume
        </button>
      ) : (
        <button type="button" className="btn small" onClick={() => void s.pauseSuggestions()} aria-label="Pause tag suggestions">
          Pause
        </button>
      )}
    </div>
  );
}
