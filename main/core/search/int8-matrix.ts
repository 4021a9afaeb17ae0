/** Column-blocked store of int8-quantised unit vectors (one scale per vector) keyed by photo id: the index's memory. */

/**
 * [Note: Int8 vector index]
 * Each vector v is stored as codes c = round(v / s) with s = max|v| / 127 (symmetric, one scale per row), so a
 * 768-d photo costs 768 B of codes + 4 (scale) + 4 (bias) + 4 (id), plus ~40 B in the id→row Map: ~0.85 GB for 1M.
 * Rows live in blocks of up to BLOCK_ROWS photos stored COLUMN-major ([dim, capacity], photo = column), because
 * onnxruntime's MatMulInteger runs q[1,dim] × M[dim,n] about 5× faster than M[n,dim] × q[dim,1] (measured here);
 * blocks also mean growth never copies more than one block. Unused columns carry bias −∞ so they never rank.
 * The int8 scan only picks candidates; their exact fp32 vectors are then read back from SQLite by id (one query)
 * for an exact re-rank. fp32 or fp16 copies in RAM would cost 3 GB / 1.5 GB at 1M photos, and SQLite already
 * holds the fp32 vectors, so reading a few hundred rows (~1 MB) per query is the cheaper side of that trade.
 */

/** Photos per full block (96 MB of codes at 768-d): few kernel runs per query, bounded copy on growth. */
export const BLOCK_ROWS = 131_072;
const MIN_BLOCK_ROWS = 1024;

/** One block: `capacity` columns of `dim` int8 codes, their scales and their base bias (0 used, −∞ unused). */
export interface MatrixBlock {
  /** Column-major codes: code j of column c is at `j * capacity + c`. */
  codes: Int8Array;
  scales: Float32Array;
  bias: Float32Array;
  capacity: number;
}

/** Growable column-blocked int8 matrix; row r lives in block `r / BLOCK_ROWS`, column `r % BLOCK_ROWS`. */
export class Int8Matrix {
  readonly blocks: MatrixBlock[] = [];
  /** Photo id of each row (only the first `size` are meaningful). */
  ids: Int32Array;
  /** Bumped on every change: a scan that awaited in between knows its row numbers may be stale. */
  version = 0;
  private rows = 0;
  private readonly slotOf = new Map<number, number>();

  constructor(
    readonly dim: number,
    capacity = MIN_BLOCK_ROWS,
  ) {
    let left = Math.max(1, capacity);
    while (left > 0) {
      const cap = Math.max(MIN_BLOCK_ROWS, Math.min(BLOCK_ROWS, left));
      this.blocks.push(newBlock(dim, cap));
      left -= cap;
    }
    this.ids = new Int32Array(Math.max(1, capacity));
  }

  /** Number of stored rows. */
  get size(): number {
    return this.rows;
  }

  /** Whether a photo has a row. */
  has(photoId: number): boolean {
    return this.slotOf.has(photoId);
  }

  /** The row of a photo, if it has one. */
  rowOf(photoId: number): number | undefined {
    return this.slotOf.get(photoId);
  }

  /** Adds or replaces the row of `photoId` with the quantised unit direction of `vector`. */
  set(photoId: number, vector: ArrayLike<number>): void {
    if (vector.length !== this.dim) {
      throw new Error(`vector of length ${vector.length} given to an index of dimension ${this.dim}`);
    }
    let row = this.slotOf.get(photoId);
    if (row === undefined) {
      row = this.rows;
      this.ensureRow(row);
      this.rows++;
      this.slotOf.set(photoId, row);
      this.ids[row] = photoId;
    }
    const b = this.blocks[Math.floor(row / BLOCK_ROWS)]!;
    const col = row % BLOCK_ROWS;
    b.scales[col] = quantizeColumn(vector, b.codes, col, b.capacity);
    b.bias[col] = 0;
    this.version++;
  }

  /** Removes the row of `photoId` (the last row moves into its place). Returns whether it existed. */
  delete(photoId: number): boolean {
    const row = this.slotOf.get(photoId);
    if (row === undefined) return false;
    const last = --this.rows;
    this.slotOf.delete(photoId);
    const lb = this.blocks[Math.floor(last / BLOCK_ROWS)]!;
    const lc = last % BLOCK_ROWS;
    if (row !== last) {
      const b = this.blocks[Math.floor(row / BLOCK_ROWS)]!;
      const c = row % BLOCK_ROWS;
      for (let j = 0; j < this.dim; j++) b.codes[j * b.capacity + c] = lb.codes[j * lb.capacity + lc]!;
      b.scales[c] = lb.scales[lc]!;
      const movedId = this.ids[last]!;
      this.ids[row] = movedId;
      this.slotOf.set(movedId, row);
    }
    lb.scales[lc] = 0;
    lb.bias[lc] = -Infinity;
    if (lc === 0 && this.blocks.length > 1 && this.blocks.at(-1) === lb) this.blocks.pop();
    this.version++;
    return true;
  }

  /** Rows in use in block `b`. */
  usedIn(b: number): number {
    return Math.max(0, Math.min(BLOCK_ROWS, this.rows - b * BLOCK_ROWS));
  }

  private ensureRow(row: number): void {
    if (row >= this.ids.length) {
      const ids = new Int32Array(Math.max(row + 1, Math.ceil(this.ids.length * 1.5)));
      ids.set(this.ids);
      this.ids = ids;
    }
    const bi = Math.floor(row / BLOCK_ROWS);
    const col = row % BLOCK_ROWS;
    if (bi === this.blocks.length) this.blocks.push(newBlock(this.dim, MIN_BLOCK_ROWS));
    const b = this.blocks[bi]!;
    if (col >= b.capacity) this.blocks[bi] = relayout(b, this.dim, Math.min(BLOCK_ROWS, Math.max(col + 1, b.capacity * 2)));
  }
}

function newBlock(dim: number, capacity: number): MatrixBlock {
  return { codes: new Int8Array(dim * capacity), scales: new Float32Array(capacity), bias: new Float32Array(capacity).fill(-Infinity), capacity };
}

/** A copy of `b` with room for `capacity` columns (each code row moves to its new stride). */
function relayout(b: MatrixBlock, dim: number, capacity: number): MatrixBlock {
  const out = newBlock(dim, capacity);
  for (let j = 0; j < dim; j++) out.codes.set(b.codes.subarray(j * b.capacity, (j + 1) * b.capacity), j * capacity);
  out.scales.set(b.scales);
  out.bias.set(b.bias);
  return out;
}

/**
 * Quantises `v` into column `col` of a column-major block; returns the scale of its unit direction (codes do not
 * depend on the length of `v`, so it is never normalised; 0 for an all-zero vector).
 */
function quantizeColumn(v: ArrayLike<number>, codes: Int8Array, col: number, stride: number): number {
  const scale = maxAbs(v) / 127;
  const inv = scale === 0 ? 0 : 1 / scale;
  let sq = 0;
  for (let j = 0; j < v.length; j++) {
    codes[j * stride + col] = Math.round(v[j]! * inv);
    sq += v[j]! * v[j]!;
  }
  return sq > 0 ? scale / Math.sqrt(sq) : 0;
}

/**
 * The query as the kernels take it: unsigned codes u = round(v / s) + 128 (zero point 128, so u − 128 is the
 * symmetric int8 code) and the factor that turns an int32 dot product with a row's codes into a cosine
 * (s / |v|, the row's own scale still to be applied).
 */
export function quantizeQuery(v: Float32Array): { codes: Uint8Array; factor: number } {
  const scale = maxAbs(v) / 127;
  const inv = scale === 0 ? 0 : 1 / scale;
  const codes = new Uint8Array(v.length);
  let sq = 0;
  for (let j = 0; j < v.length; j++) {
    codes[j] = Math.round(v[j]! * inv) + 128;
    sq += v[j]! * v[j]!;
  }
  return { codes, factor: sq > 0 ? scale / Math.sqrt(sq) : 0 };
}

function maxAbs(v: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < v.length; i++) max = Math.max(max, Math.abs(v[i]!));
  return max;
}
