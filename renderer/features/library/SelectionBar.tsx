/** Shown while photos are selected: the count and bulk actions (add tag, remove tag, add to album, export, find similar, clear). */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/index.js';
import { formatCount } from '../../lib/format.js';
import { TagInput } from '../tags/TagInput.js';
import { AddToAlbum } from '../albums/AddToAlbum.js';
import { ExportDialog } from './ExportDialog.js';

/** Splits "beach, sunset" into tag names. */
function tagNames(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/** The bar floats above the grid's bottom edge; T opens the tag input. */
export function SelectionBar(): ReactNode {
  const { selected, tagPrompt } = useStore(useShallow((s) => ({ selected: s.selected, tagPrompt: s.tagPrompt })));
  const [text, setText] = useState('');
  const [exporting, setExporting] = useState<number[] | null>(null);
  const [albumMenu, setAlbumMenu] = useState(false);
  if (exporting) return <ExportDialog photoIds={exporting} onClose={() => setExporting(null)} />;
  if (selected.size === 0) return null;
  const s = useStore.getState();
  const ids = [...selected];
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const names = tagNames(text);
    if (names.length === 0) return;
    void s.removeTags(ids, names);
    setText('');
    s.setTagPrompt(null);
  };
  return (
    <div className="selection-bar" role="toolbar" aria-label="Selection actions" data-testid="selection-bar">
      <span className="selection-count" data-testid="selection-count">
        {formatCount(selected.size)} selected
      </span>
      {tagPrompt === 'add' ? (
        <div className="inline-form">
          <TagInput
            label="Tag to add to the selected photos"
            placeholder="Tag to add — existing tags first"
            onChoose={(name) => void s.addTags(ids, [name])}
            onCancel={() => s.setTagPrompt(null)}
          />
          <button type="button" className="btn" onClick={() => s.setTagPrompt(null)}>
            Done
          </button>
        </div>
      ) : tagPrompt ? (
        <form className="inline-form" onSubmit={submit}>
          <input
            autoFocus
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), s.setTagPrompt(null))}
            placeholder="Tags to remove, comma separated"
            aria-label="Tags to remove from the selected photos"
            data-testid="tag-input"
          />
          <button type="submit" className="btn primary">
            Remove
          </button>
          <button type="button" className="btn" onClick={() => s.setTagPrompt(null)}>
            Cancel
          </button>
        </form>
      ) : (
        <>
          <button type="button" className="btn" onClick={() => s.setTagPrompt('add')} aria-label="Add a tag to the selected photos (T)">
            Add tag
          </button>
          <button type="button" className="btn" onClick={() => s.setTagPrompt('remove')} aria-label="Remove a tag from the selected photos">
            Remove tag
          </button>
          <button type="button" className="btn" onClick={() => setAlbumMenu(true)} data-testid="add-to-album-button">
            Add to album…
          </button>
          {albumMenu && <AddToAlbum photoIds={ids} onClose={() => setAlbumMenu(false)} />}
          <button type="button" className="btn" onClick={() => setExporting(ids)} data-testid="export-selected">
            Export…
          </button>
          <button
            type="button"
            className="btn"
            disabled={selected.size !== 1}
            onClick={() => s.findSimilar(ids[0]!, 'the selected photo')}
            aria-label="Find photos similar to the selected one"
          >
            Find similar
          </button>
          <button type="button" className="btn ghost" onClick={s.clearSelection} aria-label="Clear the selection">
            Clear
          </button>
        </>
      )}
    </div>
  );
}
