/** The Tags page: the person's tags as a tree with counts; create, rename, move, merge, delete (undoable); filter. */
import { useEffect, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SearchFilters } from '../../../preload/contract.js';
import { EmptyState } from '../../components/EmptyState.js';
import { formatCount } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { TagEditor } from './TagEditor.js';
import { TagInput } from './TagInput.js';
import { TagTree } from './TagTree.js';
import { tagTree } from './tag-tree.js';

type Mode = NonNullable<SearchFilters['tagMode']>;
const modes: { mode: Mode; label: string }[] = [
  { mode: 'all', label: 'all of' },
  { mode: 'any', label: 'any of' },
  { mode: 'none', label: 'none of' },
];

/** Loads the tag list on entry; the chosen tag's actions sit on the right. */
export function TagsView(): ReactNode {
  const { tags, vocabularySize } = useStore(useShallow((s) => ({ tags: s.tagList, vocabularySize: s.vocabulary?.length ?? 0 })));
  const [chosen, setChosen] = useState<string | null>(null);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [mode, setMode] = useState<Mode>('all');
  const s = useStore.getState();
  useEffect(() => {
    void useStore.getState().loadTagList();
    void useStore.getState().loadVocabulary();
  }, []);
  const names = new Set((tags ?? []).map((t) => t.name));
  const current = chosen && names.has(chosen) ? chosen : null;
  const picked = [...checked].filter((n) => names.has(n));
  const check = (name: string, on: boolean): void =>
    setChecked((c) => {
      const next = new Set(c);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });
  return (
    <div className="tags-page" data-testid="tags-view">
      <section className="tags-list" aria-label="Your tags">
        <header className="tags-head">
          <h2>Tags</h2>
          <span className="muted">
            {formatCount(tags?.length ?? 0)} {tags?.length === 1 ? 'tag' : 'tags'} · {formatCount(vocabularySize)} concepts in the
            suggestion vocabulary
          </span>
        </header>
        <TagInput
          label="New tag"
          placeholder="New tag, e.g. Trips/Beach"
          testId="new-tag-input"
          autoFocus={false}
          onChoose={(name, isNew) => (isNew ? void s.createTag(name).then(() => setChosen(name)) : setChosen(name))}
        />
        <div className="tag-filter" role="group" aria-label="Filter the library by the checked tags">
          <span>Show photos with</span>
          <select
            value={mode}
            onChange={(e) => setMode(e.target.value as Mode)}
            aria-label="How the checked tags combine"
            data-testid="tag-mode"
          >
            {modes.map((m) => (
              <option key={m.mode} value={m.mode}>
                {m.label}
              </option>
            ))}
          </select>
          <span>{picked.length === 0 ? 'the checked tags' : picked.map((n) => `“${n}”`).join(', ')}</span>
          <button
            type="button"
            className="btn primary small"
            disabled={picked.length === 0}
            onClick={() => s.filterByTags(picked, mode)}
            data-testid="tag-filter-apply"
          >
            Show photos
          </button>
        </div>
        {tags && tags.length === 0 ? (
          <EmptyState title="No tags yet" testId="tags-empty">
            Create one above, add one to selected photos (T), or accept a suggestion under Review tags.
          </EmptyState>
        ) : (
          <div role="tree" aria-label="Tag hierarchy" className="tag-tree-root" data-testid="tag-tree">
            <TagTree nodes={tagTree(tags ?? [])} chosen={current} checked={checked} onChoose={setChosen} onCheck={check} />
          </div>
        )}
      </section>
      <section className="tags-detail" aria-label={current ? `Tag ${current}` : 'Choose a tag'}>
        {current ? (
          <TagEditor key={current} name={current} onRenamed={setChosen} />
        ) : (
          <p className="muted">Choose a tag to rename, move, merge or delete it.</p>
        )}
      </section>
    </div>
  );
}
