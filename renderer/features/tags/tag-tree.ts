/** The person's tags as a hierarchy ("Trips/Beach" under "Trips"), and the autocomplete's ranked options. */
import type { TagSummary, VocabularyConcept } from '../../../preload/contract.js';

/** One level of the tree: a tag (with its counts) or only a level other tags sit under (tag null). */
export interface TagNode {
  path: string;
  label: string;
  tag: TagSummary | null;
  children: TagNode[];
  /** Photos of this tag and every tag below it (a photo under two of them counts twice). */
  total: number;
}

/** Builds the tree, siblings by name; levels that are not tags themselves appear as plain nodes. */
export function tagTree(tags: readonly TagSummary[]): TagNode[] {
  const root: TagNode = { path: '', label: '', tag: null, children: [], total: 0 };
  const byPath = new Map<string, TagNode>([['', root]]);
  const nodeFor = (path: string): TagNode => {
    const known = byPath.get(path.toLowerCase());
    if (known) return known;
    const cut = path.lastIndexOf('/');
    const parent = nodeFor(cut < 0 ? '' : path.slice(0, cut));
    const node: TagNode = { path, label: path.slice(cut + 1), tag: null, children: [], total: 0 };
    parent.children.push(node);
    byPath.set(path.toLowerCase(), node);
    return node;
  };
  for (const t of tags) nodeFor(t.name).tag = t;
  const finish = (n: TagNode): number => {
    n.children.sort((a, b) => a.label.localeCompare(b.label));
    n.total = (n.tag?.photoCount ?? 0) + n.children.reduce((s, c) => s + finish(c), 0);
    return n.total;
  };
  finish(root);
  return root.children;
}

/** One autocomplete option: an existing tag, a vocabulary concept, or creating the typed name as a new tag. */
export type TagOption = { kind: 'tag'; name: string; count: number } | { kind: 'concept'; name: string } | { kind: 'create'; name: string };

/**
 * Options for what was typed: the person's tags first (exact match, then names starting with it, then containing
 * it), then vocabulary concepts, and creating a new tag only as an explicit, last option when no tag has that name.
 */
export function tagOptions(text: string, tags: readonly TagSummary[], vocabulary: readonly VocabularyConcept[], limit = 8): TagOption[] {
  const typed = text.trim().replace(/\s*\/\s*/g, '/');
  if (typed === '') return tags.slice(0, limit).map((t) => ({ kind: 'tag', name: t.name, count: t.photoCount }));
  const q = typed.toLowerCase();
  const rank = (name: string): number => {
    const n = name.toLowerCase();
    const leaf = n.slice(n.lastIndexOf('/') + 1);
    if (n === q) return 0;
    if (n.startsWith(q) || leaf.startsWith(q)) return 1;
    return n.includes(q) ? 2 : -1;
  };
  const ranked = <T extends { name: string }>(list: readonly T[]): T[] =>
    list
      .map((x) => ({ x, r: rank(x.name) }))
      .filter((e) => e.r >= 0)
      .sort((a, b) => a.r - b.r || a.x.name.localeCompare(b.x.name))
      .map((e) => e.x);
  const own = ranked(tags).slice(0, limit);
  const ownNames = new Set(tags.map((t) => t.name.toLowerCase()));
  const concepts = ranked(vocabulary.filter((c) => !ownNames.has(c.name.toLowerCase()))).slice(0, Math.max(0, limit - own.length));
  const out: TagOption[] = [
    ...own.map((t): TagOption => ({ kind: 'tag', name: t.name, count: t.photoCount })),
    ...concepts.map((c): TagOption => ({ kind: 'concept', name: c.name })),
  ];
  if (!ownNames.has(q) && !concepts.some((c) => c.name.toLowerCase() === q)) out.push({ kind: 'create', name: typed });
  return out;
}
