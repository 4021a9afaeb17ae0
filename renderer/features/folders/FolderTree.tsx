/** The sidebar's folder tree: every directory with photos, with counts; choosing one shows its photos in the grid. */
import { useState, type ReactNode } from 'react';
import type { FolderNode } from '../../../preload/contract.js';
import { formatCount } from '../../lib/format.js';
import { useStore } from '../../store/index.js';

/** Library folders open one level by default; the rest open on request (the ▸ button). */
export function FolderTree(): ReactNode {
  const tree = useStore((s) => s.tree);
  if (!tree || tree.length === 0) return null;
  return (
    <section className="folder-tree" aria-label="Folders">
      <h2 className="sidebar-heading">Folders</h2>
      <ul role="tree" aria-label="Folder tree" data-testid="folder-tree">
        {tree.map((root) => (
          <TreeItem key={root.path} node={root} depth={0} />
        ))}
      </ul>
    </section>
  );
}

function TreeItem({ node, depth }: { node: FolderNode; depth: number }): ReactNode {
  const [open, setOpen] = useState(depth === 0);
  const current = useStore((s) => s.view === 'library' && s.browsing?.dir === node.path);
  const browseDir = useStore((s) => s.browseDir);
  const hasChildren = node.children.length > 0;
  return (
    <li role="treeitem" aria-expanded={hasChildren ? open : undefined} aria-selected={current}>
      <div className={current ? 'tree-row is-current' : 'tree-row'} style={{ paddingLeft: depth * 12 }}>
        {hasChildren ? (
          <button
            type="button"
            className="tree-twisty"
            aria-label={`${open ? 'Close' : 'Open'} ${node.name}`}
            onClick={() => setOpen(!open)}
          >
            {open ? '▾' : '▸'}
          </button>
        ) : (
          <span className="tree-twisty" aria-hidden="true" />
        )}
        <button
          type="button"
          className="tree-name"
          title={node.path}
          data-testid={`tree-${node.path}`}
          onClick={() => browseDir({ dir: node.path, recursive: true })}
        >
          <span className="tree-label">{node.name}</span>
          <span className="nav-count">{formatCount(node.totalCount)}</span>
        </button>
      </div>
      {hasChildren && open && (
        <ul role="group">
          {node.children.map((child) => (
            <TreeItem key={child.path} node={child} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}
