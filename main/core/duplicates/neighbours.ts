/** Each photo's nearest photos by embedding: batched int8 products on onnxruntime, then exact cosines for the pairs kept. */
import ort from 'onnxruntime-node';
import { dot } from '../ml/scores.js';
import { quantizeQuery } from '../search/int8-matrix.js';
import { NEIGHBOUR_IO, neighbourGraphBytes } from './neighbour-graph.js';

/** A pair of photos (indexes into the vectors given) and their exact cosine; `a < b`. */
export interface NeighbourPair {
  a: number;
  b: number;
  score: number;
}

/** Scores computed per batch at most (the batch's float scores live at once: ~32 MB). */
const SCORES_PER_BATCH = 8_000_000;

/**
 * Pairs of photos whose exact cosine is at least `minScore`, each photo paired with at most `k` others (its best
 * matches). The int8 pass only chooses candidates (its error, ~0.01, is far below the gap to `minScore` it is given:
 * candidates are kept from `minScore − 0.03`); every kept pair is re-scored from the float vectors.
 * `vectors` must be unit length. Runs on the calling thread's onnxruntime pool: call it from a worker.
 */
export async function neighbourPairs(
  vectors: readonly Float32Array[],
  opts: { k: number; minScore: number; threads: number; onProgress?(done: number, total: number): void },
): Promise<NeighbourPair[]> {
  const n = vectors.length;
  if (n < 2) return [];
  const dim = vectors[0]!.length;
  const matrix = new Int8Array(dim * n);
  const scales = new Float32Array(n);
  const codes: Uint8Array[] = [];
  const factors = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    const q = quantizeQuery(vectors[c]!);
    codes.push(q.codes);
    factors[c] = q.factor;
    // The same codes as a column: int8 = uint8 − 128; the column scale turns a dot with it back into a cosine.
    for (let j = 0; j < dim; j++) matrix[j * n + c] = q.codes[j]! - 128;
    scales[c] = q.factor;
  }
  const session = await ort.InferenceSession.create(neighbourGraphBytes(dim), {
    executionProviders: ['cpu'],
    intraOpNumThreads: opts.threads,
    enableCpuMemArena: false,
    graphOptimizationLevel: 'all',
  });
  const k = Math.min(n, opts.k + 1); // + the photo itself
  const batch = Math.max(8, Math.min(1024, Math.floor(SCORES_PER_BATCH / n)));
  const fixed = {
    [NEIGHBOUR_IO.matrix]: new ort.Tensor('int8', matrix, [dim, n]),
    [NEIGHBOUR_IO.scales]: new ort.Tensor('float32', scales, [n]),
    [NEIGHBOUR_IO.k]: new ort.Tensor('int64', BigInt64Array.from([BigInt(k)]), [1]),
  };
  const pairs: NeighbourPair[] = [];
  const seen = new Set<number>();
  try {
    for (let start = 0; start < n; start += batch) {
      const rows = Math.min(batch, n - start);
      const queries = new Uint8Array(rows * dim);
      for (let r = 0; r < rows; r++) queries.set(codes[start + r]!, r * dim);
      const out = await session.run({ ...fixed, [NEIGHBOUR_IO.queries]: new ort.Tensor('uint8', queries, [rows, dim]) });
      const values = out[NEIGHBOUR_IO.topValues]!.data as Float32Array;
      const indices = out[NEIGHBOUR_IO.topIndices]!.data as BigInt64Array;
      for (let r = 0; r < rows; r++) {
        const a = start + r;
        for (let i = 0; i < k; i++) {
          const b = Number(indices[r * k + i]!);
          if (b === a || values[r * k + i]! * factors[a]! < opts.minScore - 0.03) continue;
          const lo = Math.min(a, b);
          const hi = Math.max(a, b);
          const key = lo * n + hi;
          if (seen.has(key)) continue;
          seen.add(key);
          const score = dot(vectors[lo]!, vectors[hi]!);
          if (score >= opts.minScore) pairs.push({ a: lo, b: hi, score });
        }
      }
      opts.onProgress?.(start + rows, n);
    }
  } finally {
    await session.release();
  }
  return pairs;
}
