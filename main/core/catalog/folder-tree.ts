/** The folder tree: every directory of the library folders that holds photos, with photo counts. */
import { basename, sep } from 'node:path';
import type { FolderNode } from '../../../preload/contract.js';
import type { Db } from './db.js';
import { dirKey } from './photo-queries.js';

/**
 * One tree per library folder the person still has, its directories nested as on disk. `photoCount` counts the
 * directory's own present photos, `totalCount` adds its subdirectories'. Directories without photos appear only
 * as the way to ones that have some. Counted from the `photos_dir` index alone ([Note: Folder tree and sort orders]).
 */
export function folderTree(db: Db): FolderNode[] {
  const roots = db.prepare('SELECT id, path FROM folders WHERE removed_at IS NULL ORDER BY path').all() as { id: number; path: string }[];
  const counts = db
    .prepare(`SELECT dir_path AS dir, COUNT(*) AS n FROM photos INDEXED BY photos_dir WHERE presence = 'present' GROUP BY dir_path`)
    .all() as { dir: string; n: number }[];
  // Each directory belongs to the deepest library folder holding it (folders may nest); the rest are hidden photos.
  const byLength = [...roots].sort((a, b) => b.path.length - a.path.length).map((r) => ({ id: r.id, key: dirKey(r.path) }));
  const byFolder = new Map<number, { dir: string; n: number }[]>();
  for (const c of counts) {
    const root = byLength.find((r) => c.dir.startsWith(r.key));
    if (!root) continue;
    const list = byFolder.get(root.id);
    if (list) list.push(c);
    else byFolder.set(root.id, [c]);
  }
  return roots.map((root) => buildTree(root.id, root.path, byFolder.get(root.id) ?? []));
}

function newNode(folderId: number, path: string): FolderNode {
  return { folderId, path, name: basename(path) || path, photoCount: 0, totalCount: 0, children: [] };
}

/** Nests `dirs` (each a directory key ending in a separator) under the library folder at `rootPath`. */
function buildTree(folderId: number, rootPath: string, dirs: readonly { dir: string; n: number }[]): FolderNode {
  const rootKey = dirKey(rootPath);
  const root = newNode(folderId, rootPath);
  const nodes = new Map<string, FolderNode>([[rootKey, root]]);
  const nodeFor = (key: string): FolderNode => {
    const known = nodes.get(key);
    if (known) return known;
    const node = newNode(folderId, key.slice(0, -1));
    nodes.set(key, node);
    // Every key starts with the root's (folderTree assigned it so): walking up always ends at the root.
    const parentKey = key.slice(0, key.lastIndexOf(sep, key.length - 2) + 1);
    const parent = parentKey.length > rootKey.length ? nodeFor(parentKey) : root;
    parent.children.push(node);
    return node;
  };
  for (const { dir, n } of dirs) nodeFor(dir).photoCount += n;
  const total = (node: FolderNode): number => {
    node.children.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    node.totalCount = node.photoCount + node.children.reduce((sum, child) => sum + total(child), 0);
    return node.totalCount;
  };
  total(root);
  return root;
}
