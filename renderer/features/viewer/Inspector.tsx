/** The viewer's side panel: metadata, tags (+ add, × remove), suggestions ✓/✗, find similar. */
import type { ReactNode } from 'react';
import { TagChip } from '../../components/TagChip.js';
import { api, unwrap } from '../../lib/api.js';
import { cameraName } from '../../../main/core/camera-name.js';
import { ShowInFolder } from './ShowInFolder.js';
import { baseName, formatBytes, formatDate, formatExposure, formatPercent } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { TagInput } from '../tags/TagInput.js';

/** Reads the loaded PhotoDetail; every tag action goes through the store and refetches. */
export function Inspector(): ReactNode {
  const detail = useStore((s) => s.detail);
  const s = useStore.getState();
  if (!detail) return <aside className="inspector" aria-busy="true" aria-label="Photo details" />;
  const id = detail.id;
  const camera = cameraName(detail.cameraMake, detail.cameraModel);
  const accept = async (tag: string): Promise<void> => {
    await s.attempt(() => unwrap(api.acceptSuggestions({ tag, photoIds: [id] })));
    await s.reloadDetail();
    void s.refreshLibrary();
  };
  const reject = async (tag: string): Promise<void> => {
    await s.attempt(() => unwrap(api.rejectSuggestions({ tag, photoIds: [id] })));
    await s.reloadDetail();
  };
  return (
    <aside className="inspector" aria-label="Photo details" data-testid="inspector">
      <h2 className="inspector-title">{baseName(detail.path)}</h2>
      <dl className="facts" data-testid="photo-meta">
        <dt>{detail.dateFromFile ? 'Date' : 'Taken'}</dt>
        <dd data-testid="photo-date">
          {formatDate(detail.date)}
          {detail.dateFromFile && <span className="muted"> (file date: the photo holds no date)</span>}
        </dd>
        <dt>Size</dt>
        <dd>
          {detail.width && detail.height ? `${detail.width} × ${detail.height} · ` : ''}
          {formatBytes(detail.size)}
          {detail.format ? ` · ${detail.format.toUpperCase()}` : ''}
        </dd>
        <dt>Camera</dt>
        <dd>{camera || 'Unknown'}</dd>
        {detail.exposure && (
          <>
            <dt>Exposure</dt>
            <dd data-testid="photo-exposure">{formatExposure(detail.exposure).join(' · ')}</dd>
          </>
        )}
        <dt>Location</dt>
        <dd>{detail.gps ? `${detail.gps.lat.toFixed(5)}, ${detail.gps.lon.toFixed(5)}` : 'Not recorded'}</dd>
        <dt>File</dt>
        <dd className="path" title={detail.path}>
          {detail.path}
        </dd>
        {detail.presence === 'missing' && (
          <>
            <dt>Status</dt>
            <dd className="warn">File missing — reconnect the drive or purge it in Folders</dd>
          </>
        )}
        {detail.error && (
          <>
            <dt>Problem</dt>
            <dd className="warn">{detail.error}</dd>
          </>
        )}
      </dl>
      <section aria-label="Tags">
        <h3>Tags</h3>
        <div className="chips" data-testid="photo-tags">
          {detail.tagsDetailed.length === 0 && <span className="muted">No tags yet</span>}
          {detail.tagsDetailed.map((t) => (
            <TagChip
              key={t.name}
              name={t.name}
              detail={t.source === 'manual' ? undefined : t.source}
              onRemove={() => void s.removeTags([id], [t.name])}
            />
          ))}
        </div>
        <TagInput
          label="Add a tag to this photo"
          placeholder="Add a tag — existing tags first"
          autoFocus={false}
          testId="viewer-tag-input"
          onChoose={(name) => void s.addTags([id], [name])}
          onCancel={() => undefined}
        />
      </section>
      {detail.suggestions.length > 0 && (
        <section aria-label="Suggested tags">
          <h3>Suggestions</h3>
          <div className="chips" data-testid="photo-suggestions">
            {detail.suggestions.map((g) => (
              <TagChip
                key={g.tag}
                kind="suggestion"
                name={g.tag}
                detail={formatPercent(g.score)}
                onAccept={() => void accept(g.tag)}
                onReject={() => void reject(g.tag)}
              />
            ))}
          </div>
        </section>
      )}
      <button type="button" className="btn" onClick={() => s.findSimilar(id, baseName(detail.path))} data-testid="find-similar">
        Find similar photos
      </button>
      {detail.presence === 'present' && <ShowInFolder photoId={id} path={detail.path} />}
    </aside>
  );
}
