/** Groups photos into exact copies, near-duplicates and bursts from content hashes and neighbour pairs. */
import type { NeighbourPair } from './neighbours.js';

/** What grouping needs of each photo (index = its place in the vectors given to neighbourPairs). */
export interface GroupingPhoto {
  id: number;
  hash: string | null;
  /** Date taken (epoch ms), when known. */
  takenAt: number | null;
}

/** One group: photo ids, the kind, and the lowest cosine between its photos and its centre (1 for exact copies). */
export interface RawGroup {
  kind: 'exact' | 'near' | 'burst';
  ids: number[];
  minScore: number;
}

/** How close is close enough (cosines), and how far apart in time a burst's shots may be. */
export interface GroupingThresholds {
  near: number;
  burst: number;
  burstSeconds: number;
}

/**
 * [Note: Duplicate groups without chaining]
 * Union-find over "cosine ≥ threshold" pairs alone chains: A~B and B~C put A and C together though they may be far
 * apart (a slow pan, a series of edits). Each connected component is therefore cut around a centre: the photo with
 * the most close neighbours; only the photos close to the centre itself join its group, and the rest are grouped
 * again the same way. Exact copies (same content hash) count as one photo for the rest, and stand as a group of their
 * own only when no near-duplicate joins them (one group per picture, so each is resolved once).
 */
export function groupDuplicates(photos: readonly GroupingPhoto[], pairs: readonly NeighbourPair[], t: GroupingThresholds): RawGroup[] {
  const groups: RawGroup[] = [];
  // Exact copies: one representative each goes on to the near-duplicate pass.
  const byHash = new Map<string, number[]>();
  photos.forEach((p, i) => {
    if (p.hash === null) return;
    const list = byHash.get(p.hash);
    if (list) list.push(i);
    else byHash.set(p.hash, [i]);
  });
  const representative = photos.map((_, i) => i);
  const exact = new Map<number, RawGroup>();
  for (const members of byHash.values()) {
    if (members.length < 2) continue;
    exact.set(members[0]!, { kind: 'exact', ids: members.map((i) => photos[i]!.id), minScore: 1 });
    for (const i of members) representative[i] = members[0]!;
  }
  const score = new Map<number, number>();
  const key = (a: number, b: number): number => Math.min(a, b) * photos.length + Math.max(a, b);
  for (const p of pairs) {
    const a = representative[p.a]!;
    const b = representative[p.b]!;
    if (a !== b) score.set(key(a, b), Math.max(score.get(key(a, b)) ?? -1, p.score));
  }
  const near = [...score].filter(([, s]) => s >= t.near).map(([k, s]) => edge(k, s, photos.length));
  const grouped = new Set<number>();
  for (const g of centredGroups(near)) {
    groups.push({ kind: 'near', ids: expand(g.members, representative, photos), minScore: g.minScore });
    for (const i of g.members) grouped.add(i);
  }
  // Copies that also have near-duplicates are resolved once, in the near group that holds them all.
  for (const [rep, g] of exact) if (!grouped.has(rep)) groups.unshift(g);
  const within = (a: number, b: number): boolean => {
    const ta = photos[a]!.takenAt;
    const tb = photos[b]!.takenAt;
    return ta !== null && tb !== null && Math.abs(ta - tb) <= t.burstSeconds * 1000;
  };
  const burst = [...score]
    .map(([k, s]) => edge(k, s, photos.length))
    .filter((e) => e.score >= t.burst && e.score < t.near && !grouped.has(e.a) && !grouped.has(e.b) && within(e.a, e.b));
  for (const g of centredGroups(burst))
    groups.push({ kind: 'burst', ids: expand(g.members, representative, photos), minScore: g.minScore });
  return groups;
}

interface Edge {
  a: number;
  b: number;
  score: number;
}

function edge(k: number, score: number, n: number): Edge {
  return { a: Math.floor(k / n), b: k % n, score };
}

/** Exact copies stand behind their representative: a near group holds all of them. */
function expand(members: number[], representative: number[], photos: readonly GroupingPhoto[]): number[] {
  const set = new Set(members);
  return photos.flatMap((p, i) => (set.has(representative[i]!) ? [p.id] : []));
}

/** Groups of at least two around centres (see [Note: Duplicate groups without chaining]). */
function centredGroups(edges: readonly Edge[]): { members: number[]; minScore: number }[] {
  const adjacency = new Map<number, Map<number, number>>();
  const link = (a: number, b: number, s: number): void => {
    let m = adjacency.get(a);
    if (!m) adjacency.set(a, (m = new Map<number, number>()));
    m.set(b, s);
  };
  for (const e of edges) {
    link(e.a, e.b, e.score);
    link(e.b, e.a, e.score);
  }
  const out: { members: number[]; minScore: number }[] = [];
  const left = new Set(adjacency.keys());
  // Centres in order of how many close neighbours they have (counted once, up front: linear in the edges).
  const order = [...adjacency.keys()].sort((a, b) => adjacency.get(b)!.size - adjacency.get(a)!.size || a - b);
  for (const centre of order) {
    if (!left.has(centre)) continue;
    const members = [centre];
    let minScore = 1;
    for (const [u, s] of adjacency.get(centre)!) {
      if (!left.has(u)) continue;
      members.push(u);
      minScore = Math.min(minScore, s);
    }
    if (members.length < 2) continue;
    for (const m of members) left.delete(m);
    out.push({ members, minScore });
  }
  return out;
}
