/** Left column of the review: tags with pending suggestions, sorted by count, filtered by category. */
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatCount } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { groupCategories, shortTagName, visibleGroups } from '../../store/selectors.js';

/** A list of buttons; the chosen tag is aria-current. */
export function GroupList(): ReactNode {
  const { groups, category, activeTag } = useStore(useShallow((s) => ({ groups: s.groups, category: s.category, activeTag: s.activeTag })));
  const s = useStore.getState();
  const all = groups ?? [];
  const shown = visibleGroups(all, category);
  return (
    <nav className="review-groups" aria-label="Tags with suggestions" data-testid="review-groups">
      <label className="field">
        <span>Category</span>
        <select
          value={category}
          onChange={(e) => s.setCategory(e.target.value)}
          aria-label="Filter tags by category"
          data-testid="category-filter"
        >
          <option value="all">All categories</option>
          {groupCategories(all).map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <ul>
        {shown.map((g) => (
          <li key={g.tag}>
            <button
              type="button"
              className={g.tag === activeTag ? 'group is-active' : 'group'}
              aria-current={g.tag === activeTag}
              onClick={() => void s.chooseTag(g.tag)}
              data-testid="review-group"
              data-tag={g.tag}
            >
              <span className="group-name">{category === 'all' ? g.tag : shortTagName(g.tag, g.category)}</span>
              <span className="group-count" aria-label={`${g.count} candidates`}>
                {formatCount(g.count)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
