/** The tag hierarchy as a nested list: each tag with its count, a check box for filtering, and a button to choose it. */
import type { ReactNode } from 'react';
import { formatCount } from '../../lib/format.js';
import type { TagNode } from './tag-tree.js';

/** Props of {@link TagTree}. */
export interface TagTreeProps {
  nodes: TagNode[];
  chosen: string | null;
  checked: ReadonlySet<string>;
  onChoose(name: string): void;
  onCheck(name: string, on: boolean): void;
}

/** A level of the tree (recursive); levels that are not tags show their total only. */
export function TagTree({ nodes, chosen, checked, onChoose, onCheck }: TagTreeProps): ReactNode {
  return (
    <ul className="tag-tree" role="group">
      {nodes.map((n) => (
        <li
          key={n.path}
          role="treeitem"
          aria-selected={n.tag !== null && n.tag.name === chosen}
          aria-expanded={n.children.length > 0 ? true : undefined}
        >
          <div className={n.tag && n.tag.name === chosen ? 'tag-row is-active' : 'tag-row'} data-testid="tag-row" data-tag={n.path}>
            {n.tag ? (
              <>
                <input
                  type="checkbox"
                  checked={checked.has(n.tag.name)}
                  onChange={(e) => onCheck(n.tag!.name, e.target.checked)}
                  aria-label={`Filter by ${n.tag.name}`}
                />
                <button type="button" className="tag-name" onClick={() => onChoose(n.tag!.name)}>
                  {n.label}
                </button>
                <span className="tag-count" aria-label={`${n.tag.photoCount} photos`}>
                  {formatCount(n.tag.photoCount)}
                </span>
              </>
            ) : (
              <>
                <span className="tag-level">{n.label}</span>
                <span className="tag-count muted" aria-label={`${n.total} photos below`}>
                  {formatCount(n.total)}
                </span>
              </>
            )}
          </div>
          {n.children.length > 0 && <TagTree nodes={n.children} chosen={chosen} checked={checked} onChoose={onChoose} onCheck={onCheck} />}
        </li>
      ))}
    </ul>
  );
}
