/** Duplicates: look for copies, see each group side by side with what tells them apart, keep one, trash the rest. */
import { useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DuplicateGroup } from '../../../preload/contract.js';
import { EmptyState } from '../../components/EmptyState.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { thumbUrl } from '../../lib/api.js';
import { baseName, formatBytes, formatCount, formatDate } from '../../lib/format.js';
import { useStore } from '../../store/index.js';

const KIND: Record<DuplicateGroup['kind'], string> = {
  exact: 'Exact copies',
  near: 'Near-duplicates',
  burst: 'Burst',
};

/** The page: the search controls, then one card per group. */
export function DuplicatesView(): ReactNode {
  const d = useStore(
    useShallow((s) => ({
      groups: s.duplicateGroups,
      search: s.duplicateSearch,
      near: s.nearThreshold,
      noModel: s.status?.serving === null,
    })),
  );
  const s = useStore.getState();
  return (
    <div className="page" data-testid="duplicates-view">
      <header className="page-head">
        <h1>Duplicates</h1>
        <label className="row-gap">
          How alike
          <input
            type="range"
            min={0.9}
            max={0.99}
            step={0.01}
            value={d.near}
            onChange={(e) => s.setNearThreshold(Number(e.target.value))}
            aria-label="How alike near-duplicates must be"
          />
          <span className="muted">{Math.round(d.near * 100)} %</span>
        </label>
        <button
          type="button"
          className="btn primary"
          disabled={d.search !== null}
          onClick={() => void s.findDuplicates()}
          data-testid="find-duplicates"
        >
          {d.groups === null ? 'Find duplicates' : 'Look again'}
        </button>
      </header>
      {d.noModel && (
        <p className="muted">No model yet: only byte-identical copies can be found. Near-duplicates and bursts need a model.</p>
      )}
      {d.search && (
        <div className="row-gap" data-testid="duplicate-progress">
          <span>Comparing photos {d.search.total > 0 ? `${formatCount(d.search.done)} / ${formatCount(d.search.total)}` : '…'}</span>
          <ProgressBar value={d.search.done} max={Math.max(1, d.search.total)} label="Comparing photos" />
        </div>
      )}
      {d.groups !== null && d.groups.length === 0 && !d.search && (
        <EmptyState title="No duplicates" testId="no-duplicates">
          No copies, near-copies or bursts at this setting. Move “How alike” left to also see looser matches.
        </EmptyState>
      )}
      <ul className="dup-groups">
        {d.groups?.map((g) => (
          <GroupCard key={g.photos.map((p) => p.id).join('-')} group={g} />
        ))}
      </ul>
    </div>
  );
}

/** One group: the photos side by side, the suggested keeper chosen, one action. */
function GroupCard({ group }: { group: DuplicateGroup }): ReactNode {
  const [keep, setKeep] = useState(group.keepId);
  const others = group.photos.length - 1;
  return (
    <li className="dup-group" data-testid="duplicate-group" data-kind={group.kind}>
      <header className="row-gap">
        <strong>{KIND[group.kind]}</strong>
        <span className="muted">
          {group.photos.length} photos{group.kind === 'exact' ? '' : ` · ${Math.floor(group.minScore * 1000) / 10} % alike or more`} ·
          suggested: keep {group.keepReason}
        </span>
      </header>
      <div className="dup-photos" role="radiogroup" aria-label="Photo to keep">
        {group.photos.map((p) => (
          <label key={p.id} className={p.id === keep ? 'dup-photo is-kept' : 'dup-photo'} data-testid="duplicate-photo">
            <img src={thumbUrl(p.id)} alt="" loading="lazy" />
            <span className="row-gap">
              <input
                type="radio"
                name={`keep-${group.photos.map((x) => x.id).join('-')}`}
                checked={p.id === keep}
                onChange={() => setKeep(p.id)}
              />
              {p.id === keep ? 'Keep' : 'To the trash'}
            </span>
            <span className="dup-facts">
              {p.width && p.height ? `${p.width} × ${p.height}` : 'Size unknown'} · {formatBytes(p.size)}
              {p.format ? ` · ${p.format.toUpperCase()}` : ''}
            </span>
            <span className="dup-facts">{formatDate(p.date)}</span>
            <span className="dup-facts path" title={p.path}>
              {baseName(p.path)}
            </span>
            {p.tags.length > 0 && <span className="dup-facts">{p.tags.join(' · ')}</span>}
          </label>
        ))}
      </div>
      <button type="button" className="btn" onClick={() => void useStore.getState().resolveGroup(group, keep)} data-testid="resolve-group">
        Keep one, move {others} to the trash
      </button>
    </li>
  );
}
