/** Which photo of a duplicate group to keep, and why in words: the largest, the biggest file, the most tagged, the plainest name. */

/** What the choice looks at. */
export interface KeeperCandidate {
  id: number;
  path: string;
  width: number | null;
  height: number | null;
  size: number;
  tagCount: number;
}

/** The photo to keep and the reason shown beside it. */
export function suggestKeeper(photos: readonly KeeperCandidate[]): { id: number; reason: string } {
  const pixels = (p: KeeperCandidate): number => (p.width ?? 0) * (p.height ?? 0);
  const ranked = [...photos].sort(
    (a, b) => pixels(b) - pixels(a) || b.size - a.size || b.tagCount - a.tagCount || a.path.length - b.path.length || a.id - b.id,
  );
  const best = ranked[0]!;
  const second = ranked[1];
  if (!second) return { id: best.id, reason: 'the only photo' };
  if (pixels(best) > pixels(second)) return { id: best.id, reason: `the largest (${best.width} × ${best.height})` };
  if (best.size > second.size) return { id: best.id, reason: 'the biggest file at the same size: the least compressed' };
  if (best.tagCount > second.tagCount) return { id: best.id, reason: 'the most tags' };
  if (best.path.length < second.path.length) return { id: best.id, reason: 'the shortest name (copies usually add to it)' };
  return { id: best.id, reason: 'the first added (the copies are alike)' };
}
