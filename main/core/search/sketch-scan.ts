/** The scan thread's search over its frozen blocks: a 1-bit sketch pass picks a shortlist, int8 scores rank it. */
import { paddedDim, type SketchBlock } from './sketch-block.js';
import { TopK } from './top-k.js';

/**
 * [Note: Sketch shortlist]
 * Streaming every int8 code (768 MB at 1M photos) took 45–70 ms per query however the kernel was arranged (one
 * onnxruntime session per block or one for all, 1 or 2 threads, 4-bit MatMulNBits). So frozen blocks are scanned
 * in two steps: the sign bits of each row's codes (96 B at 768-d, derived from the codes when the block freezes)
 * against the full query pick the SHORTLIST best rows over all the blocks of a request; only those are scored with
 * their int8 codes, which rank exactly as the full int8 scan did. The sign-bit estimate correlates ~0.8 with the
 * cosine, so the shortlist is wide: at 1M photos of the search bench, 20k kept recall@20 ≥ 0.99 on and off
 * cluster, 10k did not (0.955 off cluster). Below SKETCH_MIN_DIM dimensions the sign bits say too little, and
 * every allowed row is scored in int8.
 */
export const SHORTLIST = 24_576;
/** Fewest dimensions for which the sketch pass is used. */
export const SKETCH_MIN_DIM = 128;

/** One block of a request: the block and the bias its scores take (−∞ keeps a row out). */
export interface SketchItem {
  block: SketchBlock;
  scales: Float32Array;
  bias: Float32Array;
}

/** One block's answer: its best rows (column, raw score) best first, and the raw scores of its sampled rows. */
export interface SketchResult {
  topValues: Float32Array;
  topColumns: Int32Array;
  sample: Float32Array;
}

/** A query in the forms the kernels take: nibble tables for the sketch pass and int16 codes for the int8 pass. */
interface PreparedQuery {
  lut: Int8Array;
  q16: Int16Array;
}

/** Query codes (zero point 128) → the sketch tables (partial sums of ±q over 4 dimensions, scaled to ±63) and int16 codes. */
export function prepareQuery(codes: Uint8Array, dim: number): PreparedQuery {
  const pdim = paddedDim(dim);
  const q16 = new Int16Array(pdim);
  for (let j = 0; j < dim; j++) q16[j] = codes[j]! - 128;
  const sums = new Int32Array((pdim / 8) * 32);
  let max = 1;
  for (let t = 0; t < pdim / 4; t++) {
    for (let nib = 0; nib < 16; nib++) {
      let s = 0;
      for (let i = 0; i < 4; i++) s += (nib >> i) & 1 ? q16[4 * t + i]! : -q16[4 * t + i]!;
      sums[t * 16 + nib] = s;
      max = Math.max(max, Math.abs(s));
    }
  }
  const lut = new Int8Array(sums.length);
  for (let i = 0; i < sums.length; i++) lut[i] = Math.round((sums[i]! * 63) / max);
  return { lut, q16 };
}

/**
 * The best `k` rows of each item by int8 score among a shortlist of all items' allowed rows (see [Note: Sketch
 * shortlist]), plus the int8 scores of the allowed rows whose column is a multiple of `stride` (the cut-off's sample).
 */
export function sketchSearch(items: readonly SketchItem[], query: PreparedQuery, k: number, stride: number): SketchResult[] {
  const dim = items[0]?.block.dim ?? 0;
  const allowed = items.reduce((n, it) => n + countAllowed(it.bias, it.block.capacity), 0);
  const wide = Math.max(SHORTLIST, 4 * k);
  const useSketch = dim >= SKETCH_MIN_DIM && allowed > wide;
  const sketches: Int16Array[] = [];
  let floor = -Infinity;
  if (useSketch) {
    const hist = new Int32Array(65536);
    for (const it of items) {
      // Each block's sketch view is overwritten only by its own next call: copy, since all are needed below.
      const s = it.block.sketch(query.lut).slice();
      sketches.push(s);
      const bias = it.bias;
      for (let c = 0; c < s.length; c++) if (bias[c] !== -Infinity) hist[s[c]! + 32768]!++;
    }
    let kept = 0;
    let t = 65535;
    while (t > 0 && kept + hist[t]! < wide) kept += hist[t--]!;
    floor = t - 32768;
  }
  return items.map((it, i) => {
    const { block, bias, scales } = it;
    block.setQuery(query.q16);
    const s = sketches[i];
    const rows: number[] = [];
    const sampled: number[] = [];
    for (let c = 0; c < block.capacity; c++) {
      if (bias[c] === -Infinity) continue;
      if (!s || s[c]! >= floor) rows.push(c);
      if (c % stride === 0) sampled.push(c);
    }
    const top = new TopK(k);
    const list = Int32Array.from(rows);
    const dots = new Int32Array(list.length);
    block.dots(list, dots);
    for (let r = 0; r < list.length; r++) {
      const c = list[r]!;
      const v = Math.fround(dots[r]! * scales[c]!) + bias[c]!;
      if (v > top.floor) top.push(v, c);
    }
    const best = top.sorted();
    const sample = new Float32Array(sampled.length);
    const sampleRows = Int32Array.from(sampled);
    const sampleDots = new Int32Array(sampleRows.length);
    block.dots(sampleRows, sampleDots);
    for (let r = 0; r < sampleRows.length; r++) sample[r] = Math.fround(sampleDots[r]! * scales[sampleRows[r]!]!) + bias[sampleRows[r]!]!;
    return {
      topValues: Float32Array.from(best, (e) => e.score),
      topColumns: Int32Array.from(best, (e) => e.slot),
      sample,
    };
  });
}

/**
 * How many allowed rows of each item score at least `threshold` once their raw score is multiplied by `factor` (an
 * int8 pass over every row; raw scores are rounded to float32 as onnxruntime's, so counts agree with the other kernels).
 */
export function sketchCount(items: readonly SketchItem[], query: PreparedQuery, factor: number, threshold: number): number[] {
  return items.map(({ block, bias, scales }) => {
    block.setQuery(query.q16);
    let n = 0;
    block.dotsAll((first, dots) => {
      for (let i = 0; i < dots.length; i++) if ((Math.fround(dots[i]! * scales[first + i]!) + bias[first + i]!) * factor >= threshold) n++;
    });
    return n;
  });
}

function countAllowed(bias: Float32Array, capacity: number): number {
  let n = 0;
  for (let c = 0; c < capacity; c++) if (bias[c] !== -Infinity) n++;
  return n;
}
