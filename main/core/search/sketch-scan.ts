/** The scan thread's search over its frozen blocks: a 1-bit sketch pass picks a shortlist, int8 scores rank it. */
import { HIST_BUCKETS, paddedDim, type SketchBlock } from './sketch-block.js';
import { HIST_HALF, HIST_SHIFT, LUT_MAX } from './sketch-wasm.js';
import { TopK } from './top-k.js';

/**
 * [Note: Sketch shortlist]
 * Streaming every int8 code (768 MB at 1M photos) took 45–70 ms per query however the kernel was arranged (one
 * onnxruntime session per block or one for all, 1 or 2 threads, 4-bit MatMulNBits). So frozen blocks are scanned
 * in two steps: the sign bits of each row's codes (96 B at 768-d, derived from the codes when the block freezes)
 * against the full query pick the SHORTLIST best rows over all frozen blocks (each scan thread keeps its share over
 * the blocks it holds); only those are scored with their int8 codes, which rank exactly as the full int8 scan did.
 * The sign-bit estimate correlates ~0.8 with the cosine, so the shortlist is wide: at 1M photos of the search bench,
 * over 100 queries, recall@20 on / off cluster was 0.998 / 0.990 with 24,576 rows, 0.998 / 0.984 with 20,480,
 * 0.997 / 0.982 with 16,384 (1.000 / 1.000 with 200k: every miss is the sign bits'). Below SKETCH_MIN_DIM dimensions
 * the sign bits say too little (and above SKETCH_MAX_DIM their sums would leave the histogram's range), and every
 * allowed row is scored in int8.
 */
export const SHORTLIST = 24_576;
/** Fewest dimensions for which the sketch pass is used. */
const SKETCH_MIN_DIM = 128;
/** Most dimensions for which it is used (sketch sums, within ±dim/4 · LUT_MAX, stay inside the histogram's range). */
const SKETCH_MAX_DIM = 2048;

/** One block of a request: the block, the bias its scores take (−∞ keeps a row out) and the columns where it is −∞. */
export interface SketchItem {
  block: SketchBlock;
  scales: Float32Array;
  bias: Float32Array;
  masked: Int32Array;
}

/** One block's answer: its best rows (column, raw score) best first, and the raw scores of its sampled rows. */
export interface SketchResult {
  topValues: Float32Array;
  topColumns: Int32Array;
  sample: Float32Array;
}

/** A query in the forms the kernels take: nibble tables for the sketch pass and signed codes for the int8 pass. */
interface PreparedQuery {
  lut: Int8Array;
  q8: Int8Array;
}

/**
 * Query codes (zero point 128) → the sketch tables (partial sums of ±q over 4 dimensions, scaled to ±LUT_MAX) and
 * signed codes.
 */
export function prepareQuery(codes: Uint8Array, dim: number): PreparedQuery {
  const pdim = paddedDim(dim);
  const q8 = new Int8Array(pdim);
  for (let j = 0; j < dim; j++) q8[j] = codes[j]! - 128;
  const sums = new Int32Array((pdim / 8) * 32);
  let max = 1;
  for (let t = 0; t < pdim / 4; t++) {
    for (let nib = 0; nib < 16; nib++) {
      let s = 0;
      for (let i = 0; i < 4; i++) s += (nib >> i) & 1 ? q8[4 * t + i]! : -q8[4 * t + i]!;
      sums[t * 16 + nib] = s;
      max = Math.max(max, Math.abs(s));
    }
  }
  const lut = new Int8Array(sums.length);
  for (let i = 0; i < sums.length; i++) lut[i] = Math.round((sums[i]! * LUT_MAX) / max);
  return { lut, q8 };
}

/**
 * The best `k` rows of each item by int8 score among a shortlist of all items' allowed rows (see [Note: Sketch
 * shortlist]; `share` of it, when other threads take the rest of a search's blocks), plus the int8 scores of the
 * allowed rows whose column is a multiple of `stride` (the cut-off's sample).
 */
export function sketchSearch(items: readonly SketchItem[], query: PreparedQuery, k: number, stride: number, share = 1): SketchResult[] {
  const dim = items[0]?.block.dim ?? 0;
  const wide = Math.ceil(Math.max(SHORTLIST, 4 * k) * share);
  const allowed = items.reduce((n, it) => n + it.block.capacity - it.masked.length, 0);
  const floor = dim >= SKETCH_MIN_DIM && dim <= SKETCH_MAX_DIM && allowed > wide ? sketchFloor(items, query.lut, wide) : null;
  return items.map(({ block, bias, scales }) => {
    block.setQuery(query.q8);
    const top = new TopK(k);
    const rank = (rows: Int32Array, dots: Int32Array): void => {
      for (let r = 0; r < rows.length; r++) {
        const c = rows[r]!;
        const v = Math.fround(dots[r]! * scales[c]!) + bias[c]!;
        if (v > top.floor) top.push(v, c);
      }
    };
    if (floor === null) {
      const rows = allowedRows(bias, block.capacity, 1);
      const dots = new Int32Array(rows.length);
      block.dots(rows, dots);
      rank(rows, dots);
    } else block.shortlist(floor, rank);
    const best = top.sorted();
    const sampled = allowedRows(bias, block.capacity, stride);
    const sampleDots = new Int32Array(sampled.length);
    block.dots(sampled, sampleDots);
    const sample = new Float32Array(sampled.length);
    for (let r = 0; r < sampled.length; r++) sample[r] = Math.fround(sampleDots[r]! * scales[sampled[r]!]!) + bias[sampled[r]!]!;
    return { topValues: Float32Array.from(best, (e) => e.score), topColumns: Int32Array.from(best, (e) => e.slot), sample };
  });
}

/** Runs every item's sketch pass and returns the sketch score that keeps at least `wide` allowed rows over all of them. */
function sketchFloor(items: readonly SketchItem[], lut: Int8Array, wide: number): number {
  const hist = new Int32Array(HIST_BUCKETS);
  for (const it of items) it.block.sketch(lut, it.masked, hist);
  let kept = 0;
  let t = HIST_BUCKETS - 1;
  // Bucket 0 holds the rows kept out: the floor never reaches it.
  while (t > 1 && kept + hist[t]! < wide) kept += hist[t--]!;
  return (t - HIST_HALF) << HIST_SHIFT;
}

/** Columns that are multiples of `stride` whose bias is −∞ (`keptOut`) or above it (allowed), in one typed array. */
function columnsWhere(bias: Float32Array, capacity: number, stride: number, keptOut: boolean): Int32Array {
  const out = new Int32Array(Math.ceil(capacity / stride));
  let n = 0;
  for (let c = 0; c < capacity; c += stride) if ((bias[c] === -Infinity) === keptOut) out[n++] = c;
  return out.slice(0, n);
}

/** Allowed columns (bias above −∞) that are multiples of `stride`. */
function allowedRows(bias: Float32Array, capacity: number, stride: number): Int32Array {
  return columnsWhere(bias, capacity, stride, false);
}

/** The columns where `bias` is −∞ (rows kept out). */
export function maskedColumns(bias: Float32Array, capacity: number): Int32Array {
  return columnsWhere(bias, capacity, 1, true);
}

/**
 * How many allowed rows of each item score at least `threshold` once their raw score is multiplied by `factor` (an
 * int8 pass over every row; raw scores are rounded to float32 as onnxruntime's, so counts agree with the other kernels).
 */
export function sketchCount(
  items: readonly Omit<SketchItem, 'masked'>[],
  query: PreparedQuery,
  factor: number,
  threshold: number,
): number[] {
  return items.map(({ block, bias, scales }) => {
    block.setQuery(query.q8);
    let n = 0;
    block.dotsAll((first, dots) => {
      for (let i = 0; i < dots.length; i++) if ((Math.fround(dots[i]! * scales[first + i]!) + bias[first + i]!) * factor >= threshold) n++;
    });
    return n;
  });
}
