/** One approximate scan of the int8 matrix: which rows a filter allows, which kernel scores them, top rows and a sample (or a count). */
import { quantizeQuery, type Int8Matrix, type KernelQuery } from './int8-matrix.js';
import { countColumns, sampleColumns } from './block-scores.js';
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

/** Approximate top photos (cosine, best first), how many rows the filter allowed, and a score sample. */
export interface ScanResult {
  top: { photoId: number; score: number }[];
  candidates: number;
  sample: Float32Array;
}

/** Largest score sample handed to the cut-off (2,048 place its Q10 and Q30 within ~0.7 percentile points). */
export const SAMPLE_MAX = 2048;

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
 * Scores `query` against every row the filter allows and keeps the best `wanted` photos. Kernel runs are awaited,
 * so an upsert or removal may land mid-scan: each block's top rows are turned into photo ids as soon as its run is
 * over (nothing runs in between), and re-checked against the filter if the matrix changed meanwhile.
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
  const stride = Math.max(1, Math.ceil(sel.candidates / SAMPLE_MAX));
  const samples: Float32Array[] = [];
  const top = new TopK(wanted);
  /** Block `b`'s bias under the filter as it stands now (the selection's, unless the matrix changed since). */
  const biasNow = (b: number): Float32Array => (m.version === version ? (sel.bias?.[b] ?? m.blocks[b]!.bias) : blockBias(m, b, f));
  /** The photo in `row` now, if it is still one the filter allows (rows move when photos are removed). */
  const idAt = (row: number): number | null => {
    const id = m.ids[row]!;
    return m.version === version || (row < m.slots && id >= 0 && passes(f, id)) ? id : null;
  };
  if (!kernel) {
    for (let b = 0; b < m.blocks.length && m.usedIn(b) > 0; b++) {
      const s = scanBlockJs(q.codes, m.blocks[b]!, biasNow(b), m.usedIn(b));
      samples.push(sampleColumns(s, stride));
      for (let c = 0; c < s.length; c++) {
        const id = s[c]! > top.floor ? idAt(b * m.blockRows + c) : null;
        if (id !== null) top.push(s[c]!, id);
      }
    }
  } else {
    // The frozen blocks' runs are asked for at once (the scan threads get them as one request each, sent in a
    // microtask: see [Note: The scan thread] in scan-ort.ts); the other blocks' runs on onnxruntime start once that
    // request has left (preparing a run takes ~1.5 ms of this thread) and one after another, so they overlap the
    // threads' scans: at 1M photos the live block's run (~2.5 ms after the threads' answers) then cost ~0.5 ms, the
    // threads starting ~1.3 ms later, ~2 ms off a query. Each run's rows become photo ids as soon as it is over; they
    // are ranked in block order.
    const runs: Promise<BlockScan>[] = [];
    let previous: Promise<unknown> = Promise.resolve();
    for (let b = 0; b < m.blocks.length && m.usedIn(b) > 0; b++) {
      const block = m.blocks[b]!;
      if (block.frozen) runs.push(kernel.scanBlock(q, block, sel.bias?.[b] ?? block.bias, wanted, stride));
      else {
        // The filter as it stands when the run starts (the matrix may change while earlier runs are awaited).
        runs.push(previous.then(() => kernel.scanBlock(q, block, biasNow(b), wanted, stride)));
        previous = runs[b]!.catch(() => undefined);
      }
    }
    const hits = await Promise.all(
      runs.map((run, b) =>
        run.then((res) => {
          const ids: (number | null)[] = [];
          for (let i = 0; i < res.topColumns.length; i++) ids.push(idAt(b * m.blockRows + Number(res.topColumns[i]!)));
          return { res, ids };
        }),
      ),
    );
    for (const { res, ids } of hits) {
      samples.push(res.sample);
      for (let i = 0; i < ids.length; i++) if (ids[i] !== null && res.topValues[i]! > top.floor) top.push(res.topValues[i]!, ids[i]!);
    }
  }
  return {
    top: top.sorted().map((e) => ({ photoId: e.slot, score: e.score * q.factor })),
    candidates: sel.candidates,
    sample: joinScaled(samples, q.factor),
  };
}

/** How many rows the filter allows whose approximate (int8) cosine to `query` is at least `threshold`. */
export async function countMatrix(
  m: Int8Matrix,
  query: Float32Array,
  f: ScanFilter,
  threshold: number,
  kernel: OrtScanKernel | null,
): Promise<number> {
  const q = quantizeQuery(query);
  const version = m.version;
  const sel = select(m, f);
  if (sel.rows) return countColumns(scoreRows(m, q.codes, sel.rows), q.factor, threshold);
  const counts: Promise<number>[] = [];
  for (let b = 0; b < m.blocks.length && m.usedIn(b) > 0; b++) {
    const block = m.blocks[b]!;
    const bias = m.version === version ? (sel.bias?.[b] ?? block.bias) : blockBias(m, b, f);
    counts.push(
      kernel
        ? kernel.countBlock(q, block, bias, threshold)
        : Promise.resolve(countColumns(scanBlockJs(q.codes, block, bias, m.usedIn(b)), q.factor, threshold)),
    );
  }
  return (await Promise.all(counts)).reduce((a, b) => a + b, 0);
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
    sample: joinScaled([sampleColumns(scores, Math.max(1, Math.ceil(rows.length / SAMPLE_MAX)))], q.factor),
  };
}

/** The blocks' raw samples in one array, times the query's factor (cosines). */
function joinScaled(samples: readonly Float32Array[], factor: number): Float32Array {
  const out = new Float32Array(samples.reduce((n, s) => n + s.length, 0));
  let at = 0;
  for (const s of samples) for (let i = 0; i < s.length; i++) out[at++] = s[i]! * factor;
  return out;
}
