/** Clustered embedding-like vectors, exact fp32 ground truth and timing helpers for the vector-index tests and script. */
import { prng } from './catalog-fixture.js';

/** n vectors of `dim` in one flat array (row i at i·dim), each near one of `clusters` random unit centres. */
export interface VectorSet {
  n: number;
  dim: number;
  data: Float32Array;
  centres: Float32Array[];
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function unitGaussian(dim: number, rand: () => number): Float32Array {
  const v = Float32Array.from({ length: dim }, () => gaussian(rand));
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** Points = centre + isotropic noise of norm ~`spread` (not normalised: the index must normalise). */
export function clusteredVectors(n: number, dim: number, clusters: number, seed: number, spread = 0.8): VectorSet {
  const rand = prng(seed);
  const centres = Array.from({ length: clusters }, () => unitGaussian(dim, rand));
  const data = new Float32Array(n * dim);
  const sigma = spread / Math.sqrt(dim);
  const scale = 0.5 + rand();
  for (let i = 0; i < n; i++) {
    const c = centres[Math.floor(rand() * clusters)]!;
    for (let j = 0; j < dim; j++) data[i * dim + j] = scale * (c[j]! + sigma * gaussian(rand));
  }
  return { n, dim, data, centres };
}

/** Queries: the first half near a random centre, the second half random directions (off every cluster). */
export function queriesFor(set: VectorSet, count: number, seed: number): Float32Array[] {
  const rand = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    if (i >= count / 2) return unitGaussian(set.dim, rand);
    const c = set.centres[Math.floor(rand() * set.centres.length)]!;
    const noise = unitGaussian(set.dim, rand);
    return c.map((x, j) => x + 0.5 * noise[j]!);
  });
}

/** Row `i` (photo id i + 1) as a view. */
export function row(set: VectorSet, i: number): Float32Array {
  return set.data.subarray(i * set.dim, (i + 1) * set.dim);
}

function cosines(set: VectorSet, q: Float32Array): Float32Array {
  const { dim, data } = set;
  const qn = Math.sqrt(q.reduce((a, x) => a + x * x, 0));
  const scores = new Float32Array(set.n);
  for (let i = 0; i < set.n; i++) {
    let d = 0;
    let nn = 0;
    for (let j = 0, b = i * dim; j < dim; j++) {
      d += q[j]! * data[b + j]!;
      nn += data[b + j]! * data[b + j]!;
    }
    scores[i] = d / Math.sqrt(nn) / qn;
  }
  return scores;
}

/** How many allowed rows have an exact cosine of at least `threshold`. */
export function exactCount(set: VectorSet, q: Float32Array, threshold: number, allow: (id: number) => boolean): number {
  const scores = cosines(set, q);
  let n = 0;
  for (let i = 0; i < set.n; i++) if (allow(i + 1) && scores[i]! >= threshold) n++;
  return n;
}

/** Exact fp32 cosine top-k rows (photo id = row + 1) of `q`, optionally only among `allow`ed ids. */
export function exactTop(set: VectorSet, q: Float32Array, k: number, allow?: (id: number) => boolean): number[] {
  const scores = cosines(set, q);
  if (allow) for (let i = 0; i < set.n; i++) if (!allow(i + 1)) scores[i] = -Infinity;
  const order = Array.from({ length: set.n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  return order
    .slice(0, k)
    .filter((i) => scores[i]! > -Infinity)
    .map((i) => i + 1);
}

/** An exact vector source over the set (photo id = row + 1), as the catalog would give. */
export function setSource(set: VectorSet): (ids: readonly number[]) => Map<number, Float32Array> {
  return (ids) => new Map(ids.filter((id) => id >= 1 && id <= set.n).map((id) => [id, row(set, id - 1)]));
}

/** The q-quantile (nearest rank) of some timings. */
export function quantileMs(times: number[], q: number): number {
  const s = [...times].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
