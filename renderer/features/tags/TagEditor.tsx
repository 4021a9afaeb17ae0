/** The chosen tag's actions: rename or move (a new full name), merge into another tag, delete — each undoable. */
import { useState, type FormEvent, type ReactNode } from 'react';
import { formatCount } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { TagInput } from './TagInput.js';

/** Props of {@link TagEditor}. */
export interface TagEditorProps {
  name: string;
  onRenamed(name: string): void;
}

/** Renaming "Trips/Beach" to "Holidays/Beach" moves it in the hierarchy. */
export function TagEditor({ name, onRenamed }: TagEditorProps): ReactNode {
  const tag = useStore((s) => s.tagList?.find((t) => t.name === name));
  const [newName, setNewName] = useState(name);
  const [merging, setMerging] = useState(false);
  const s = useStore.getState();
  if (!tag) return null;
  const rename = (e: FormEvent): void => {
    e.preventDefault();
    const to = newName.trim();
    if (to && to !== name) void s.renameTag(name, to).then(() => onRenamed(to));
  };
  return (
    <div className="tag-editor" data-testid="tag-editor">
      <h2>{name}</h2>
      <p className="muted">
        {formatCount(tag.photoCount)} photos · {formatCount(tag.pendingSuggestions)} suggested
      </p>
      <form className="inline-form" onSubmit={rename}>
        <label>
          Name (use “/” for levels: renaming “Trips/Beach” to “Holidays/Beach” moves it)
          <input
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
            aria-label="New name for the tag"
            data-testid="rename-input"
          />
        </label>
        <button type="submit" className="btn" disabled={newName.trim() === '' || newName.trim() === name} data-testid="rename-tag">
          Rename
        </button>
      </form>
      {merging ? (
        <div className="merge-row">
          <TagInput
            label={`Merge ${name} into`}
            placeholder="Merge into which tag?"
            existingOnly
            testId="merge-input"
            onCancel={() => setMerging(false)}
            onChoose={(into) => void s.mergeTags([name], into).then(() => onRenamed(into))}
          />
        </div>
      ) : (
        <button type="button" className="btn" onClick={() => setMerging(true)} data-testid="merge-tag">
          Merge into another tag…
        </button>
      )}
      <button type="button" className="btn danger" onClick={() => void s.deleteTag(name)} data-testid="delete-tag">
        Delete “{name}” from {formatCount(tag.photoCount)} photos
      </button>
    </div>
  );
}
