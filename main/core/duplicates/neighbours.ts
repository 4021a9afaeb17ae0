/** Each photo's nearest photos by embedding: batched int8 products on onnxruntime, then exact cosines for the pairs kept. */
import ort from 'onnxruntime-node';
import { dot, normalizeInPlace } from '../ml/scores.js';
import { NEIGHBOUR_IO, neighbourGraphBytes, projectionGraphBytes } from './neighbour-graph.js';

/** A pair of photos (indexes into the vectors given) and their exact cosine; `a < b`. */
export interface NeighbourPair {
  a: number;
  b: number;
  score: number;
}

/** Dimensions candidates are found in (the exact cosines use the full vectors). */
const SKETCH_DIM = 256;
/** How far below the threshold a sketch cosine may fall and its pair still be re-scored. */
const SKETCH_MARGIN = 0.15;
/** Photos per column block, and queries per batch. */
const BLOCK = 8192;
const BATCH = 256;

/**
 * [Note: Finding near pairs fast]
 * All pairs of 100k photos are 5·10⁹ cosines. Three things make that fit in a minute on two cores: (1) candidates
 * are found on 256-d sketches (a fixed random projection of the unit vectors, normalised; it keeps cosines within a
 * few hundredths, far less than the gap between a near-copy at 0.95+ and anything else that makes a photo's top
 * matches), so the integer products cost a third; (2) every sketch shares one int8 scale, so the int32 products
 * rank directly (TopK on them, no float pass over the score matrix); (3) a batch of photos is only compared with
 * the blocks at or after its own place: each pair is met once, halving the work. Kept pairs are re-scored exactly.
 */
export async function neighbourPairs(
  vectors: readonly Float32Array[],
  opts: { k: number; minScore: number; threads: number; onProgress?(done: number, total: number): void },
): Promise<NeighbourPair[]> {
  const n = vectors.length;
  if (n < 2) return [];
  const sketches = await sketch(vectors, opts.threads);
  const { codes, blocks, scale } = quantise(sketches, n);
  const session = await ort.InferenceSession.create(neighbourGraphBytes(SKETCH_DIM), {
    executionProviders: ['cpu'],
    intraOpNumThreads: opts.threads,
    enableCpuMemArena: false,
    graphOptimizationLevel: 'all',
  });
  // Sketch cosines stray from the true ones by a few hundredths: candidates are kept from well below `minScore`.
  const floor = Math.floor((opts.minScore - SKETCH_MARGIN) * scale);
  const pairs: NeighbourPair[] = [];
  const met = new Set<number>();
  try {
    for (let start = 0; start < n; start += BATCH) {
      const rows = Math.min(BATCH, n - start);
      const queries = new ort.Tensor('uint8', codes.subarray(start * SKETCH_DIM, (start + rows) * SKETCH_DIM), [rows, SKETCH_DIM]);
      // Each query's best candidates over the blocks it meets (value, column), merged before anything is re-scored.
      const best: { value: number; column: number }[][] = Array.from({ length: rows }, () => []);
      for (let b = Math.floor(start / BLOCK); b < blocks.length; b++) {
        const block = blocks[b]!;
        const k = Math.min(block.size, opts.k + 1);
        const out = await session.run({
          [NEIGHBOUR_IO.queries]: queries,
          [NEIGHBOUR_IO.block]: block.tensor,
          [NEIGHBOUR_IO.k]: new ort.Tensor('int64', BigInt64Array.from([BigInt(k)]), [1]),
        });
        const values = out[NEIGHBOUR_IO.topValues]!.data as Int32Array;
        const indices = out[NEIGHBOUR_IO.topIndices]!.data as BigInt64Array;
        for (let r = 0; r < rows; r++) {
          for (let i = 0; i < k; i++) {
            const value = values[r * k + i]!;
            if (value < floor) break; // TopK's values come best first
            const column = b * BLOCK + Number(indices[r * k + i]!);
            if (column !== start + r) best[r]!.push({ value, column });
          }
        }
      }
      for (let r = 0; r < rows; r++) {
        const a = start + r;
        for (const c of best[r]!.sort((x, y) => y.value - x.value).slice(0, opts.k)) {
          // A pair can be met from both sides: it is re-scored once (few candidates pass the floor, so the set stays small).
          const key = Math.min(a, c.column) * n + Math.max(a, c.column);
          if (met.has(key)) continue;
          met.add(key);
          const score = dot(vectors[a]!, vectors[c.column]!);
          if (score >= opts.minScore) pairs.push({ a: Math.min(a, c.column), b: Math.max(a, c.column), score });
        }
      }
      opts.onProgress?.(start + rows, n);
    }
  } finally {
    await session.release();
  }
  return pairs;
}

/** 256-d unit sketches: a fixed Gaussian projection (seeded, the same every run) of each vector on onnxruntime, normalised. */
async function sketch(vectors: readonly Float32Array[], threads: number): Promise<Float32Array[]> {
  const dim = vectors[0]!.length;
  if (dim <= SKETCH_DIM) return vectors.map((v) => normalizeInPlace(Float32Array.from({ length: SKETCH_DIM }, (_, j) => v[j] ?? 0)));
  const projection = new Float32Array(dim * SKETCH_DIM);
  let seed = 0x5eed;
  const uniform = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) + 0.5) / 2 ** 32;
  for (let i = 0; i < projection.length; i += 2) {
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const t = 2 * Math.PI * uniform();
    projection[i] = r * Math.cos(t);
    projection[i + 1] = r * Math.sin(t);
  }
  const session = await ort.InferenceSession.create(projectionGraphBytes(dim, SKETCH_DIM, projection), {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    enableCpuMemArena: false,
  });
  const out: Float32Array[] = [];
  try {
    for (let start = 0; start < vectors.length; start += 4096) {
      const rows = vectors.slice(start, start + 4096);
      const input = new Float32Array(rows.length * dim);
      rows.forEach((v, r) => input.set(v, r * dim));
      const result = await session.run({ rows: new ort.Tensor('float32', input, [rows.length, dim]) });
      const data = result.sketches!.data as Float32Array;
      for (let r = 0; r < rows.length; r++) out.push(normalizeInPlace(data.slice(r * SKETCH_DIM, (r + 1) * SKETCH_DIM)));
    }
  } finally {
    await session.release();
  }
  return out;
}

/** One shared scale for every sketch: query codes (uint8, zero point 128) and column blocks (int8 [dim, block]). */
function quantise(
  sketches: readonly Float32Array[],
  n: number,
): { codes: Uint8Array; blocks: { size: number; tensor: ort.Tensor }[]; scale: number } {
  let max = 0;
  for (const s of sketches) for (let j = 0; j < SKETCH_DIM; j++) max = Math.max(max, Math.abs(s[j]!));
  const inv = max === 0 ? 0 : 127 / max;
  const codes = new Uint8Array(n * SKETCH_DIM);
  for (let i = 0; i < n; i++) for (let j = 0; j < SKETCH_DIM; j++) codes[i * SKETCH_DIM + j] = Math.round(sketches[i]![j]! * inv) + 128;
  const blocks: { size: number; tensor: ort.Tensor }[] = [];
  for (let start = 0; start < n; start += BLOCK) {
    const size = Math.min(BLOCK, n - start);
    const data = new Int8Array(SKETCH_DIM * size);
    for (let c = 0; c < size; c++) for (let j = 0; j < SKETCH_DIM; j++) data[j * size + c] = codes[(start + c) * SKETCH_DIM + j]! - 128;
    blocks.push({ size, tensor: new ort.Tensor('int8', data, [SKETCH_DIM, size]) });
  }
  // An integer product of two codes is the sketch cosine times inv².
  return { codes, blocks, scale: inv * inv };
}
