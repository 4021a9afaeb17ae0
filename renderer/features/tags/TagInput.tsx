/** A tag field with autocomplete: the person's tags first, then the vocabulary; a new tag only when chosen as such. */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatCount } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { tagOptions, type TagOption } from './tag-tree.js';

/** Props of {@link TagInput}. */
export interface TagInputProps {
  label: string;
  placeholder?: string;
  /** Called with the chosen name; `isNew` when the person picked "Create new tag". */
  onChoose(name: string, isNew: boolean): void;
  onCancel?(): void;
  /** Only the person's tags (merging into, filtering): no vocabulary, no creation. */
  existingOnly?: boolean;
  /** Focus the field when it appears (the selection bar's T key); default true. */
  autoFocus?: boolean;
  testId?: string;
}

function optionText(o: TagOption): ReactNode {
  if (o.kind === 'tag')
    return (
      <>
        {o.name} <span className="muted">· {formatCount(o.count)}</span>
      </>
    );
  if (o.kind === 'concept')
    return (
      <>
        {o.name} <span className="muted">· new tag from the vocabulary</span>
      </>
    );
  return <>Create new tag “{o.name}”</>;
}

/** A combobox: arrows move, Enter takes the highlighted option, Esc cancels. */
export function TagInput({
  label,
  placeholder,
  onChoose,
  onCancel,
  existingOnly,
  autoFocus = true,
  testId = 'tag-input',
}: TagInputProps): ReactNode {
  const { tags, vocabulary } = useStore(useShallow((s) => ({ tags: s.tagList, vocabulary: s.vocabulary })));
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const [focused, setFocused] = useState(autoFocus);
  const listId = useId();
  useEffect(() => {
    const s = useStore.getState();
    void s.loadTagList();
    if (!existingOnly) void s.loadVocabulary();
  }, [existingOnly]);
  const all = tagOptions(text, tags ?? [], existingOnly ? [] : (vocabulary ?? []));
  const options = !focused ? [] : existingOnly ? all.filter((o) => o.kind === 'tag') : all;
  const choose = (o: TagOption | undefined): void => {
    if (!o) return;
    onChoose(o.name, o.kind !== 'tag');
    setText('');
    setActive(0);
  };
  return (
    <div className="tag-input">
      <input
        autoFocus={autoFocus}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        role="combobox"
        aria-expanded={options.length > 0}
        aria-controls={listId}
        aria-activedescendant={options[active] ? `${listId}-${active}` : undefined}
        aria-label={label}
        placeholder={placeholder}
        value={text}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, options.length - 1));
          else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
          else if (e.key === 'Enter') choose(options[active]);
          else if (e.key === 'Escape') onCancel?.();
          else return;
          e.preventDefault();
          e.stopPropagation();
        }}
      />
      {options.length > 0 && (
        <ul id={listId} role="listbox" className="tag-options" aria-label={`${label}: choices`} data-testid={`${testId}-options`}>
          {options.map((o, i) => (
            <li
              key={`${o.kind}:${o.name}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`tag-option is-${o.kind}${i === active ? ' is-active' : ''}`}
              data-kind={o.kind}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
            >
              {optionText(o)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
