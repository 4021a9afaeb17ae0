/** One model as a card: size on disk, speed, languages, quality; download with progress, use, remove. */
import { useState, type ReactNode } from 'react';
import type { DownloadProgress, ModelInfo } from '../../../preload/contract.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { formatBytes, formatEta, formatPercent } from '../../lib/format.js';
import { qualityLabel, speedLabel } from '../../lib/model-labels.js';
import { useStore } from '../../store/index.js';

/** Props of {@link ModelCard}. */
export interface ModelCardProps {
  model: ModelInfo;
  download: DownloadProgress | undefined;
}

/** The card's actions follow its state: not installed → Download; installed → Use / Remove; active → "In use". */
export function ModelCard({ model, download }: ModelCardProps): ReactNode {
  const s = useStore.getState();
  const [confirming, setConfirming] = useState(false);
  const busy = download && (download.state === 'downloading' || download.state === 'verifying');
  return (
    <article className={model.active ? 'card is-active' : 'card'} aria-label={model.name} data-testid="model-card" data-model-id={model.id}>
      <header className="card-head">
        <h3>{model.name}</h3>
        {model.recommended && <span className="badge accent">Recommended</span>}
        {model.active && <span className="badge">In use</span>}
        {model.source === 'imported' && <span className="badge">Imported</span>}
      </header>
      <p className="muted">{model.description}</p>
      <dl className="facts">
        <dt>On disk</dt>
        <dd>{formatBytes(model.diskBytes)}</dd>
        <dt>Speed</dt>
        <dd>
          {speedLabel(model.gflops)}
          {model.gflops !== null ? ` · ${model.gflops} GFLOPs per photo` : ''}
        </dd>
        <dt>Quality</dt>
        <dd>
          {qualityLabel(model.imagenetZeroShot)}
          {model.cocoR1 !== null
            ? ` · finds the right photo first ${formatPercent(model.cocoR1 <= 1 ? model.cocoR1 : model.cocoR1 / 100)} of the time (COCO)`
            : ''}
        </dd>
        <dt>Languages</dt>
        <dd>{model.languages}</dd>
      </dl>
      {busy && download && (
        <div className="card-progress">
          <ProgressBar value={download.bytes} max={download.totalBytes} label={`Downloading ${model.name}`} testId="download-progress" />
          <span className="muted">
            {download.state === 'verifying'
              ? 'Verifying…'
              : `${formatBytes(download.bytes)} of ${formatBytes(download.totalBytes)} · ${formatEta(download.etaSeconds)}`}
          </span>
        </div>
      )}
      {download?.state === 'failed' && (
        <p className="warn">{download.message ?? 'The download failed. Check the connection and try again.'}</p>
      )}
      <footer className="card-actions">
        {!model.installed && !busy && (
          <button
            type="button"
            className="btn primary"
            onClick={() => void s.downloadModel(model.id)}
            aria-label={`Download ${model.name}`}
          >
            Download {model.diskBytes ? `(${formatBytes(model.diskBytes)})` : ''}
          </button>
        )}
        {busy && (
          <button
            type="button"
            className="btn"
            onClick={() => void s.cancelDownload(model.id)}
            aria-label={`Cancel the download of ${model.name}`}
          >
            Cancel
          </button>
        )}
        {model.installed && !model.active && (
          <button
            type="button"
            className="btn primary"
            onClick={() => void s.useModel(model.id)}
            aria-label={`Use ${model.name}`}
            data-testid="use-model"
          >
            Use this model
          </button>
        )}
        {model.installed && (
          <button
            type="button"
            className="btn danger"
            onClick={() => (model.active ? setConfirming(true) : void s.removeModel(model.id))}
            aria-label={`Remove ${model.name} from disk`}
          >
            Remove
          </button>
        )}
      </footer>
      {confirming && (
        <ConfirmDialog
          title={`Remove ${model.name}, the model in use?`}
          confirmLabel="Remove it"
          danger
          testId="confirm-remove-model"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void s.removeModel(model.id, true);
          }}
        >
          <p>
            Its files and this library's embeddings made with it are deleted. Until another model indexes the library, search by
            description, find similar and tag suggestions wait; browsing and tags keep working.
          </p>
        </ConfirmDialog>
      )}
    </article>
  );
}
