/** A frozen block as the scan thread holds it: row-major int8 codes and their 1-bit sketch in a WebAssembly memory. */
import { HIST_HALF, HIST_SHIFT, sketchModuleBytes } from './sketch-wasm.js';

/** Rows scored per call of the int8 kernel (the row list and the results live in a fixed scratch area). */
const DOTS_CHUNK = 4096;

/** The padded dimension the kernels work in (a multiple of 16; padding codes are 0). */
export function paddedDim(dim: number): number {
  return Math.ceil(dim / 16) * 16;
}

/** Buckets of a sketch-score histogram (see `hist` in sketch-wasm.ts). */
export const HIST_BUCKETS = 2 * HIST_HALF;
/** The sketch score given to rows kept out: it falls in bucket 0, below every real score's. */
const MASKED = -HIST_HALF << HIST_SHIFT;

interface Kernels {
  sketch(sk: number, groups: number, lut: number, out: number): void;
  dots(codes: number, rows: number, n: number, q: number, out: number): void;
  range(codes: number, first: number, n: number, q: number, out: number): void;
  hist(src: number, n: number, hist: number): void;
  collect(src: number, first: number, n: number, floor: number, rows: number): number;
}

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (d: { initial: number; maximum: number; shared: boolean }) => { buffer: SharedArrayBuffer };
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

const modules = new Map<number, object>();

function moduleFor(pdim: number): object {
  let m = modules.get(pdim);
  if (!m) {
    m = new wasm.Module(sketchModuleBytes(pdim));
    modules.set(pdim, m);
  }
  return m;
}

/**
 * One block's codes, row-major (`pdim` bytes per row), its sketch (sign bits, 16 rows interleaved, see [Note: Sketch
 * kernels] in sketch-wasm.ts) and scratch for one query, all in one memory of its own (~0.86 KB per 768-d row).
 */
export class SketchBlock {
  readonly pdim: number;
  readonly groups: number;
  private readonly kernels: Kernels;
  private readonly mem: { buffer: SharedArrayBuffer };
  private readonly at: { sketch: number; lut: number; query: number; sketchOut: number; rows: number; out: number; hist: number };

  /** Builds the block from the matrix's column-major codes ([dim, capacity], code j of column c at j·capacity + c). */
  constructor(
    readonly dim: number,
    readonly capacity: number,
    columnMajor: Int8Array,
  ) {
    this.pdim = paddedDim(dim);
    this.groups = Math.ceil(capacity / 16);
    const rows = this.groups * 16;
    const bytes = this.pdim / 8;
    const sketch = rows * this.pdim;
    const lut = sketch + rows * bytes;
    const query = lut + bytes * 32;
    const sketchOut = query + this.pdim;
    const rowList = sketchOut + rows * 2;
    const out = rowList + DOTS_CHUNK * 4;
    const hist = out + DOTS_CHUNK * 4;
    const pages = Math.ceil((hist + HIST_BUCKETS * 4) / 65536);
    this.mem = new wasm.Memory({ initial: pages, maximum: pages, shared: true });
    this.kernels = new wasm.Instance(moduleFor(this.pdim), { m: { mem: this.mem } }).exports as Kernels;
    this.at = { sketch, lut, query, sketchOut, rows: rowList, out, hist };
    this.fill(columnMajor);
  }

  /** Transposes the codes into rows (a tile of 64 columns at a time, so reads stay in cache) and sets the sign bits. */
  private fill(columnMajor: Int8Array): void {
    const { dim, pdim, capacity } = this;
    const codes = new Int8Array(this.mem.buffer, 0, this.groups * 16 * pdim);
    const sk = new Uint8Array(this.mem.buffer, this.at.sketch, this.groups * 16 * (pdim / 8));
    const TILE = 64;
    for (let c0 = 0; c0 < capacity; c0 += TILE) {
      const c1 = Math.min(capacity, c0 + TILE);
      for (let j = 0; j < dim; j++) {
        const from = j * capacity;
        for (let c = c0; c < c1; c++) codes[c * pdim + j] = columnMajor[from + c]!;
      }
    }
    const bytes = pdim / 8;
    for (let r = 0; r < capacity; r++) {
      const base = (r >> 4) * bytes * 16 + (r & 15);
      for (let p = 0; p < bytes; p++) {
        let b = 0;
        for (let i = 0; i < 8; i++) if (codes[r * pdim + 8 * p + i]! > 0) b |= 1 << i;
        sk[base + p * 16] = b;
      }
    }
  }

  /**
   * Sketch scores of every row for `lut` (same scale across blocks), kept in the block for {@link shortlist}; the
   * `masked` columns are kept out. Adds the block's histogram of scores to `hist` (HIST_BUCKETS buckets).
   */
  sketch(lut: Int8Array, masked: Int32Array, hist: Int32Array): void {
    new Int8Array(this.mem.buffer, this.at.lut, lut.length).set(lut);
    this.kernels.sketch(this.at.sketch, this.groups, this.at.lut, this.at.sketchOut);
    const scores = new Int16Array(this.mem.buffer, this.at.sketchOut, this.capacity);
    for (let i = 0; i < masked.length; i++) scores[masked[i]!] = MASKED;
    const own = new Int32Array(this.mem.buffer, this.at.hist, HIST_BUCKETS);
    own.fill(0);
    this.kernels.hist(this.at.sketchOut, this.capacity, this.at.hist);
    for (let b = 0; b < HIST_BUCKETS; b++) hist[b]! += own[b]!;
  }

  /**
   * The rows whose last sketch score is at least `floor`, each with its exact int8 dot product with the query set
   * last, handed to `each` a chunk at a time (the views are valid during the call only).
   */
  shortlist(floor: number, each: (rows: Int32Array, dots: Int32Array) => void): void {
    const rows = new Int32Array(this.mem.buffer, this.at.rows, DOTS_CHUNK);
    const dots = new Int32Array(this.mem.buffer, this.at.out, DOTS_CHUNK);
    for (let first = 0; first < this.capacity; first += DOTS_CHUNK) {
      const n = Math.min(DOTS_CHUNK, this.capacity - first);
      const m = this.kernels.collect(this.at.sketchOut + 2 * first, first, n, floor, this.at.rows);
      if (m === 0) continue;
      this.kernels.dots(0, this.at.rows, m, this.at.query, this.at.out);
      each(rows.subarray(0, m), dots.subarray(0, m));
    }
  }

  /** Sets the signed int8 query codes (within ±127) the int8 kernels use next. */
  setQuery(q8: Int8Array): void {
    new Int8Array(this.mem.buffer, this.at.query, this.pdim).set(q8);
  }

  /** Exact int8 dot products of the listed rows with the query set last, into `out` (same length as `rows`). */
  dots(rows: Int32Array, out: Int32Array): void {
    const list = new Int32Array(this.mem.buffer, this.at.rows, DOTS_CHUNK);
    const res = new Int32Array(this.mem.buffer, this.at.out, DOTS_CHUNK);
    for (let i = 0; i < rows.length; i += DOTS_CHUNK) {
      const n = Math.min(DOTS_CHUNK, rows.length - i);
      list.set(rows.subarray(i, i + n));
      this.kernels.dots(0, this.at.rows, n, this.at.query, this.at.out);
      out.set(res.subarray(0, n), i);
    }
  }

  /** Exact int8 dot products of every row with the query set last, handed to `each` a chunk at a time. */
  dotsAll(each: (first: number, dots: Int32Array) => void): void {
    const res = new Int32Array(this.mem.buffer, this.at.out, DOTS_CHUNK);
    for (let first = 0; first < this.capacity; first += DOTS_CHUNK) {
      const n = Math.min(DOTS_CHUNK, this.capacity - first);
      this.kernels.range(0, first, n, this.at.query, this.at.out);
      each(first, res.subarray(0, n));
    }
  }
}
