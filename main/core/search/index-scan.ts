/** One approximate scan of the int8 matrix: which rows a filter allows, which kernel scores them, top rows and a sample. */
import { quantizeQuery, type Int8Matrix, type KernelQuery } from './int8-matrix.js';
import type { BlockScan, OrtScanKernel } from './scan-ort.js';
import { scanBlockJs, scoreRows } from './scan-js.js';
import { TopK } from './top-k.js';

/** Which photos a search may return: a set of allowed ids, or a predicate on the id. */
export type CandidateFilter = ReadonlySet<number> | ((photoId: number) => boolean);

/** Filter and excluded photo of one scan. */
export interface ScanFilter {
  filter?: CandidateFilter;
  exclude?: number;
}

/** Approximate top photos (cosine, best first), how many rows the filter allowed, a score sample and all scores. */
export interface ScanResult {
  top: { photoId: number; score: number }[];
  candidates: number;
  sample: Float32Array;
  /** Raw scores of every allowed row (−∞ for rows kept out); times `factor` gives the cosine. */
  scores: Float32Array[];
  factor: number;
  /** The matrix version the scores belong to (they may mix versions when it changed mid-scan). */
  version: number;
  consistent: boolean;
}

/** Largest score sample handed to the cut-off. */
export const SAMPLE_MAX = 8192;

/**
 * [Note: Few-rows filter path]
 * A kernel run reads the whole matrix (bandwidth-bound: ~14× faster than the plain-JS scan, measured interleaved
 * at 100k) while the JS kernel reads only the allowed rows' columns (strided, a few times dearer per row than its own
 * full scan). So when a filter leaves at most 1/FEW_ROWS_RATIO of the rows,
 * only those rows are scored in JS; otherwise the kernel runs with a per-query bias that is −∞ on filtered rows,
 * which ranks exactly within the filter however small k is. Rows of frozen blocks have no JS codes, so a short
 * list touching one goes through the kernel too.
 */
const FEW_ROWS_RATIO = 256;

/** Where the allowed rows are: an explicit short list, or a per-block bias (null = every used row). */
interface Selection {
  candidates: number;
  rows: Int32Array | null;
  bias: Float32Array[] | null;
}

/**
 * Scores `query` against every row the filter allows and keeps the best `wanted` photos. The kernel awaits between
 * blocks, so an upsert or removal may land mid-scan: each block's top rows are turned into photo ids right after
 * its run (nothing runs in between), and re-checked against the filter if the matrix changed meanwhile.
 */
export async function scanMatrix(
  m: Int8Matrix,
  query: Float32Array,
  f: ScanFilter,
  wanted: number,
  kernel: OrtScanKernel | null,
): Promise<ScanResult> {
  const q = quantizeQuery(query);
  const version = m.version;
  const sel = select(m, f);
  if (sel.rows) return fewRows(m, q, sel.rows, wanted);
  const scores: Float32Array[] = [];
  const top = new TopK(wanted);
  const keep = (row: number, s: number): void => {
    const id = m.ids[row]!;
    if (m.version === version || (row < m.slots && id >= 0 && passes(f, id))) top.push(s, id);
  };
  // The frozen blocks' runs are asked for at once (the scan thread gets them as one request, see [Note: The scan
  // thread] in scan-ort.ts); a live block is scored here when its turn comes, not alongside them: the scans are bound
  // by memory bandwidth, so running both at once only makes each slower. Results are taken in block order.
  const frozenRuns: (Promise<BlockScan> | null)[] = [];
  for (let b = 0; kernel && b < m.blocks.length && m.usedIn(b) > 0; b++) {
    const block = m.blocks[b]!;
    frozenRuns.push(block.frozen ? kernel.scanBlock(q, block, sel.bias?.[b] ?? block.bias, wanted) : null);
  }
  for (const run of frozenRuns) run?.catch(() => undefined); // each is awaited below; a failure must not go unhandled meanwhile
  for (let b = 0; b < m.blocks.length && m.usedIn(b) > 0; b++) {
    const block = m.blocks[b]!;
    // A frozen block's run was asked for above; the others take the filter as it stands now.
    const bias = (): Float32Array => (m.version === version ? (sel.bias?.[b] ?? block.bias) : blockBias(m, b, f));
    if (kernel) {
      const res = await (frozenRuns[b] ?? kernel.scanBlock(q, block, bias(), wanted));
      scores.push(res.scores);
      for (let i = 0; i < res.topValues.length; i++) {
        const s = res.topValues[i]!;
        if (s > top.floor) keep(b * m.blockRows + Number(res.topColumns[i]!), s);
      }
    } else {
      const s = scanBlockJs(q.codes, block, bias(), m.usedIn(b));
      scores.push(s);
      for (let c = 0; c < s.length; c++) if (s[c]! > top.floor) keep(b * m.blockRows + c, s[c]!);
    }
  }
  return {
    top: top.sorted().map((e) => ({ photoId: e.slot, score: e.score * q.factor })),
    candidates: sel.candidates,
    sample: sampleOf(scores, sel.candidates, q.factor),
    scores,
    factor: q.factor,
    version,
    consistent: m.version === version,
  };
}

/** How many allowed rows score at least `threshold`, from a scan's scores. */
export function countFromScan(scan: ScanResult, threshold: number): number {
  let n = 0;
  for (const scores of scan.scores) for (let c = 0; c < scores.length; c++) if (scores[c]! * scan.factor >= threshold) n++;
  return n;
}

function passes(f: ScanFilter, id: number): boolean {
  if (id === f.exclude) return false;
  if (!f.filter) return true;
  return typeof f.filter === 'function' ? f.filter(id) : f.filter.has(id);
}

/** Block `b`'s bias with the filter applied (for a block whose rows moved after the selection). */
function blockBias(m: Int8Matrix, b: number, f: ScanFilter): Float32Array {
  const bias = m.blocks[b]!.bias.slice();
  const start = b * m.blockRows;
  for (let c = 0; c < m.usedIn(b); c++) if (!passes(f, m.ids[start + c]!)) bias[c] = -Infinity;
  return bias;
}

/** Counts the rows a filter allows, listing them while they are few, else marking the others −∞ in a bias copy. */
function select(m: Int8Matrix, f: ScanFilter): Selection {
  const limit = Math.floor(m.size / FEW_ROWS_RATIO);
  const ex = f.exclude !== undefined ? m.rowOf(f.exclude) : undefined;
  if (!f.filter) {
    if (ex === undefined) return { candidates: m.size, rows: null, bias: null };
    const bias = m.blocks.map((b) => b.bias);
    const bi = Math.floor(ex / m.blockRows);
    bias[bi] = bias[bi]!.slice();
    bias[bi][ex % m.blockRows] = -Infinity;
    return { candidates: m.size - 1, rows: null, bias };
  }
  if (typeof f.filter !== 'function' && f.filter.size <= limit) {
    const rows: number[] = [];
    for (const id of f.filter) {
      const r = m.rowOf(id);
      if (r !== undefined && r !== ex) rows.push(r);
    }
    if (readableInJs(m, rows)) return { candidates: rows.length, rows: Int32Array.from(rows), bias: null };
  }
  const allow = typeof f.filter === 'function' ? f.filter : (id: number) => (f.filter as ReadonlySet<number>).has(id);
  const few: number[] = [];
  const ids = m.ids;
  const bias = m.blocks.map((b) => new Float32Array(b.capacity).fill(-Infinity));
  let candidates = 0;
  for (let b = 0; b < bias.length; b++) {
    const out = bias[b]!;
    const start = b * m.blockRows;
    for (let c = 0, used = m.usedIn(b); c < used; c++) {
      const id = ids[start + c]!;
      if (start + c === ex || id < 0 || !allow(id)) continue;
      out[c] = 0;
      if (++candidates <= limit) few.push(start + c);
    }
  }
  return candidates <= limit && readableInJs(m, few)
    ? { candidates, rows: Int32Array.from(few), bias: null }
    : { candidates, rows: null, bias };
}

/** Whether every row's codes are still in JS (a frozen block's live only in its kernel session). */
function readableInJs(m: Int8Matrix, rows: readonly number[]): boolean {
  return rows.every((r) => !m.blockOf(r).frozen);
}

function fewRows(m: Int8Matrix, q: KernelQuery, rows: Int32Array, wanted: number): ScanResult {
  const scores = scoreRows(m, q.codes, rows);
  const top = new TopK(wanted);
  for (let i = 0; i < scores.length; i++) if (scores[i]! > top.floor) top.push(scores[i]!, m.ids[rows[i]!]!);
  return {
    top: top.sorted().map((e) => ({ photoId: e.slot, score: e.score * q.factor })),
    candidates: rows.length,
    sample: sampleOf([scores], rows.length, q.factor),
    scores: [scores],
    factor: q.factor,
    version: m.version,
    consistent: true,
  };
}

/** Every `stride`-th allowed score, stride chosen so at most SAMPLE_MAX come out. */
function sampleOf(blockScores: Float32Array[], candidates: number, factor: number): Float32Array {
  const stride = Math.max(1, Math.ceil(candidates / SAMPLE_MAX));
  const out = new Float32Array(Math.min(SAMPLE_MAX, candidates));
  let seen = 0;
  let n = 0;
  for (const scores of blockScores) {
    for (let c = 0; c < scores.length && n < out.length; c++) {
      const s = scores[c]!;
      if (s === -Infinity) continue;
      if (seen++ % stride === 0) out[n++] = s * factor;
    }
  }
  return out.subarray(0, n);
}
