/**
 * Synthetic photo embeddings for the search benchmark: unit 768-d vectors around 2,000 Gaussian cluster centres, wide
 * enough (cos to own centre ≈ 0.32) that a query's true top-20 mixes its own cluster with strangers, as real
 * SigLIP scores (0.1–0.3) do. Queries: half drawn like a photo of a random cluster, half from no cluster at all.
 */
import { Rng } from './stats.js';

/** Embedding size of SigLIP-B/16. */
export const DIM = 768;
/** Cluster centres. */
export const CLUSTERS = 2000;
/** Noise norm relative to the centre's (unit) norm. */
const SPREAD = 3;
/** Rows per storage chunk (keeps each typed array well below engine limits). */
export const CHUNK = 65_536;

/** Vectors in row chunks, with each row's cluster. */
export interface VectorSet {
  n: number;
  chunks: Float32Array[];
  cluster: Uint16Array;
}

/** One labelled query: `cluster` is -1 for off-cluster queries. */
export interface Query {
  vector: Float32Array;
  cluster: number;
}

function normaliseInto(out: Float32Array, offset: number): void {
  let s = 0;
  for (let j = 0; j < DIM; j++) s += out[offset + j]! ** 2;
  const inv = 1 / Math.sqrt(s);
  for (let j = 0; j < DIM; j++) out[offset + j]! *= inv;
}

function centres(rng: Rng): Float32Array {
  const c = new Float32Array(CLUSTERS * DIM);
  for (let i = 0; i < c.length; i++) c[i] = rng.normal();
  for (let k = 0; k < CLUSTERS; k++) normaliseInto(c, k * DIM);
  return c;
}

/** Writes normalize(centre + SPREAD · g/√DIM) into `out` at `offset`. */
function around(rng: Rng, c: Float32Array, k: number, out: Float32Array, offset: number): void {
  const noise = SPREAD / Math.sqrt(DIM);
  for (let j = 0; j < DIM; j++) out[offset + j] = c[k * DIM + j]! + noise * rng.normal();
  normaliseInto(out, offset);
}

/** `n` photo vectors and `queries` queries (half on-cluster, half random directions), all from `seed`. */
export function makeVectors(n: number, queries: number, seed = 42): { set: VectorSet; queries: Query[] } {
  const rng = new Rng(seed);
  const c = centres(rng);
  const chunks: Float32Array[] = [];
  const cluster = new Uint16Array(n);
  for (let start = 0; start < n; start += CHUNK) {
    const rows = Math.min(CHUNK, n - start);
    const chunk = new Float32Array(rows * DIM);
    for (let r = 0; r < rows; r++) {
      const k = Math.floor(rng.uniform() * CLUSTERS);
      cluster[start + r] = k;
      around(rng, c, k, chunk, r * DIM);
    }
    chunks.push(chunk);
  }
  const qs: Query[] = [];
  for (let i = 0; i < queries; i++) {
    const vector = new Float32Array(DIM);
    if (i % 2 === 0) {
      const k = Math.floor(rng.uniform() * CLUSTERS);
      around(rng, c, k, vector, 0);
      qs.push({ vector, cluster: k });
    } else {
      for (let j = 0; j < DIM; j++) vector[j] = rng.normal();
      normaliseInto(vector, 0);
      qs.push({ vector, cluster: -1 });
    }
  }
  return { set: { n, chunks, cluster }, queries: qs };
}

/** Row `i` of the set (a view, no copy). */
export function row(set: VectorSet, i: number): Float32Array {
  const chunk = set.chunks[Math.floor(i / CHUNK)]!;
  const r = i % CHUNK;
  return chunk.subarray(r * DIM, (r + 1) * DIM);
}

/** Exact fp32 top-`k` rows by dot product (vectors are unit), best first: the ground truth and the baseline. */
export function exactTopK(set: VectorSet, q: Float32Array, k: number): number[] {
  const best: { i: number; s: number }[] = [];
  let floor = -Infinity;
  set.chunks.forEach((chunk, ci) => {
    const rows = chunk.length / DIM;
    for (let r = 0; r < rows; r++) {
      const base = r * DIM;
      let s0 = 0;
      let s1 = 0;
      for (let j = 0; j < DIM; j += 2) {
        s0 += q[j]! * chunk[base + j]!;
        s1 += q[j + 1]! * chunk[base + j + 1]!;
      }
      const s = s0 + s1;
      if (best.length === k && s <= floor) continue;
      best.push({ i: ci * CHUNK + r, s });
      best.sort((a, b) => b.s - a.s);
      if (best.length > k) best.pop();
      floor = best.length === k ? best[k - 1]!.s : -Infinity;
    }
  });
  return best.map((b) => b.i);
}
