/** The filter popover: date range, folder, camera, tag, untagged, with location → SearchRequest.filters. */
import { useEffect, useState, type ReactNode } from 'react';
import type { CameraSummary, FolderNode, SearchFilters, TagSummary } from '../../../preload/contract.js';
import { api, unwrap } from '../../lib/api.js';
import { useStore } from '../../store/index.js';

/** Edits a draft of the filters and applies them on "Apply". */
export function FilterMenu({ onClose }: { onClose(): void }): ReactNode {
  const filters = useStore((s) => s.filters);
  const tree = useStore((s) => s.tree);
  const [draft, setDraft] = useState<SearchFilters>(filters);
  const [tags, setTags] = useState<TagSummary[]>([]);
  const [cameras, setCameras] = useState<CameraSummary[]>([]);
  useEffect(() => {
    const { attempt } = useStore.getState();
    void attempt(() => unwrap(api.listTags())).then((t) => t && setTags(t));
    void attempt(() => unwrap(api.listCameras())).then((c) => c && setCameras(c));
  }, []);
  const patch = (p: Partial<SearchFilters>): void => {
    const next = { ...draft, ...p };
    for (const k of Object.keys(next) as (keyof SearchFilters)[]) if (next[k] === '' || next[k] === false) delete next[k];
    setDraft(next);
  };
  const apply = (): void => {
    useStore.getState().setFilters(draft);
    onClose();
  };
  return (
    <div className="popover filter-menu" role="dialog" aria-label="Search filters" data-testid="filter-menu">
      <div className="form-grid">
        <label>
          From
          <input type="date" value={draft.from ?? ''} onChange={(e) => patch({ from: e.target.value })} aria-label="From date" />
        </label>
        <label>
          To
          <input type="date" value={draft.to ?? ''} onChange={(e) => patch({ to: e.target.value })} aria-label="To date" />
        </label>
        <label>
          Folder
          <select value={draft.folder ?? ''} onChange={(e) => patch({ folder: e.target.value })} aria-label="Folder">
            <option value="">Any folder</option>
            {folderChoices(tree ?? []).map((f) => (
              <option key={f.path} value={f.path}>
                {'\u00a0\u00a0'.repeat(f.depth)}
                {f.depth === 0 ? f.path : f.name} ({f.totalCount})
              </option>
            ))}
          </select>
        </label>
        <label>
          Camera
          <select value={draft.camera ?? ''} onChange={(e) => patch({ camera: e.target.value })} aria-label="Camera">
            <option value="">Any camera</option>
            {/* A camera filter set before (or typed in the CLI) stays choosable even if no photo matches it now. */}
            {draft.camera && !cameras.some((c) => c.name === draft.camera) && <option value={draft.camera}>{draft.camera}</option>}
            {cameras.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} ({c.photoCount})
              </option>
            ))}
          </select>
        </label>
        <label>
          Tag
          <select
            value={draft.tags?.[0] ?? ''}
            onChange={(e) => patch({ tags: e.target.value ? [e.target.value] : undefined })}
            aria-label="Tag"
          >
            <option value="">Any tag</option>
            {tags.map((t) => (
              <option key={t.id} value={t.name}>
                {t.name} ({t.photoCount})
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.untagged ?? false} onChange={(e) => patch({ untagged: e.target.checked })} />
          Untagged only
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.hasLocation ?? false} onChange={(e) => patch({ hasLocation: e.target.checked })} />
          With location
        </label>
      </div>
      <div className="row-end">
        <button type="button" className="btn ghost" onClick={() => setDraft({})}>
          Clear all
        </button>
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="btn primary" onClick={apply} data-testid="apply-filters">
          Apply
        </button>
      </div>
    </div>
  );
}

/** Every directory of the folder tree, depth-first, for the Folder filter (a folder includes its subfolders). */
function folderChoices(nodes: readonly FolderNode[], depth = 0): (FolderNode & { depth: number })[] {
  return nodes.flatMap((n) => [{ ...n, depth }, ...folderChoices(n.children, depth + 1)]);
}
