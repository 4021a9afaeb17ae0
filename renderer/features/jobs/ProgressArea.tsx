/** The bottom progress area: indexing with rate, ETA and pause/resume; downloads, sidecar writes and exports. */
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ProgressBar } from '../../components/ProgressBar.js';
import { formatBytes, formatCount, formatEta } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { jobLine, statusLine, switchLine } from '../../store/selectors.js';
import { SuggestingItem } from '../tags/SuggestingItem.js';

/** Always present (one line tall) so the layout does not jump when work starts. */
export function ProgressArea(): ReactNode {
  const { job, downloads, status, sidecars, exporting } = useStore(
    useShallow((s) => ({ job: s.job, downloads: s.downloads, status: s.status, sidecars: s.sidecars, exporting: s.exporting })),
  );
  const s = useStore.getState();
  const active = Object.values(downloads).filter((d) => d.state === 'downloading' || d.state === 'verifying');
  const showJob = job && (job.state !== 'idle' || job.preparing !== null);
  const switching = status ? switchLine(status) : null;
  return (
    <footer className="statusbar" aria-label="Background work" data-testid="progress-area">
      {showJob && job ? (
        <div className="status-item" data-testid="job-progress" data-state={job.state}>
          <span aria-live="polite">{jobLine(job)}</span>
          {job.state !== 'idle' && <ProgressBar value={job.done} max={job.total} label="Indexing progress" />}
          {job.state === 'running' && (
            <button type="button" className="btn small" onClick={() => void s.pauseIndexing()} aria-label="Pause indexing">
              Pause
            </button>
          )}
          {job.state === 'paused' && (
            <button type="button" className="btn small" onClick={() => void s.resumeIndexing()} aria-label="Resume indexing">
              Resume
            </button>
          )}
        </div>
      ) : (
        <span className="muted" data-testid="library-status">
          {status ? statusLine(status) : 'Idle'}
        </span>
      )}
      {switching && (
        <span className="status-item" data-testid="switch-status">
          {switching}
        </span>
      )}
      {status?.providerNote && (
        <span className="status-item warn" data-testid="provider-note">
          {status.providerNote}
        </span>
      )}
      <SuggestingItem />
      {sidecars && sidecars.total > 1 && (
        <div className="status-item" data-testid="sidecar-progress">
          <span>
            Writing XMP sidecars {formatCount(sidecars.done)} / {formatCount(sidecars.total)}
          </span>
          <ProgressBar value={sidecars.done} max={sidecars.total} label="Writing XMP sidecars" />
        </div>
      )}
      {exporting && (
        <div className="status-item" data-testid="export-progress">
          <span>
            Exporting {formatCount(exporting.done)} / {formatCount(exporting.total)}
          </span>
          <ProgressBar value={exporting.done} max={exporting.total} label="Export progress" />
        </div>
      )}
      {active.map((d) => (
        <div key={d.modelId} className="status-item">
          <span>
            Downloading {d.modelId} · {formatBytes(d.bytes)} / {formatBytes(d.totalBytes)} · {formatEta(d.etaSeconds)}
          </span>
          <ProgressBar value={d.bytes} max={d.totalBytes} label={`Download of ${d.modelId}`} />
          <button
            type="button"
            className="btn small"
            onClick={() => void s.cancelDownload(d.modelId)}
            aria-label={`Cancel the download of ${d.modelId}`}
          >
            Cancel
          </button>
        </div>
      ))}
    </footer>
  );
}
