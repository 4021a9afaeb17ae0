/** Column-blocked store of int8-quantised unit vectors (one scale per vector) keyed by photo id: the index's memory. */
import { IdRows } from './id-rows.js';

/**
 * [Note: Int8 vector index]
 * Each vector v is stored as codes c = round(v / s) with s = max|v| / 127 (symmetric, one scale per row), so a
 * 768-d photo costs 768 B of codes + 4 (scale) + 4 (bias) + 4 (id), plus 4–6 B in the id→row table (id-rows.ts).
 * Rows live in blocks of up to `blockRows` photos stored COLUMN-major ([dim, capacity], photo = column), the right
 * side of onnxruntime's MatMulInteger q[1,dim] × M[dim,n]; blocks also mean growth never copies more than one block.
 * Unused columns carry bias −∞ so they never rank.
 * The int8 scan only picks candidates; their exact fp32 vectors are then read back from SQLite by id (one query)
 * for an exact re-rank. fp32 or fp16 copies in RAM would cost 3 GB / 1.5 GB at 1M photos, and SQLite already
 * holds the fp32 vectors, so reading a few hundred rows (~1 MB) per query is the cheaper side of that trade.
 *
 * [Note: Frozen blocks]
 * A full block can be handed to the scan kernel for good ({@link Int8Matrix.adoptFrozen}): the scan thread keeps its
 * codes by row with a 1-bit sketch of each (see [Note: Sketch shortlist] in sketch-scan.ts) and the JS copy is
 * dropped, so RAM holds the codes once. Frozen rows never change:
 * re-embedding or removing a photo whose row is frozen leaves a tombstone (bias −∞, id −1) and a re-embedded photo
 * gets a new row at the end. Tombstones last until the index is next loaded.
 */

/** Photos per full block (48 MB of codes at 768-d): the fastest per row here (131k-row blocks ran ~2× slower). */
export const BLOCK_ROWS = 65_536;
const MIN_BLOCK_ROWS = 1024;
/** Rows quantised together by {@link Int8Matrix.appendMany}: their codes are transposed in cache, not strided in RAM. */
const TILE_ROWS = 256;

/** Codes a scan kernel holds on the matrix's behalf once a block is frozen (see [Note: Frozen blocks]). */
export interface FrozenCodes {
  /** Frees what the kernel holds. */
  release(): Promise<void>;
}

/** One block: `capacity` columns of `dim` int8 codes, their scales and their base bias (0 used, −∞ unused or dead). */
export interface MatrixBlock {
  /** Column-major codes: code j of column c is at `j * capacity + c`. Empty once the block is frozen. */
  codes: Int8Array;
  /** Per-column scales. Empty once the block is frozen (the kernel holds them with the codes). */
  scales: Float32Array;
  bias: Float32Array;
  capacity: number;
  /** Bumped whenever a code changes: a freeze begun on an older edition is not adopted. */
  edition: number;
  /** Set once the kernel holds the codes and the JS copy is gone. */
  frozen: FrozenCodes | null;
  /** Rows of this block turned into tombstones so far: the only change a frozen block's bias ever sees. */
  tombstones: number;
}

/** Growable column-blocked int8 matrix; row r lives in block `r / blockRows`, column `r % blockRows`. */
export class Int8Matrix {
  readonly blocks: MatrixBlock[] = [];
  /** Photo id of each row (only the first `slots` are meaningful; −1 marks a tombstone). */
  ids: Int32Array;
  /** Bumped on every change: a scan that awaited in between knows its row numbers may be stale. */
  version = 0;
  private rows = 0;
  private readonly slotOf = new IdRows();

  constructor(
    readonly dim: number,
    capacity = MIN_BLOCK_ROWS,
    readonly blockRows = BLOCK_ROWS,
  ) {
    if (!Number.isInteger(blockRows) || blockRows < 1) throw new RangeError(`blockRows must be a positive integer, got ${blockRows}`);
    let left = Math.max(1, capacity);
    while (left > 0) {
      const cap = Math.min(blockRows, Math.max(MIN_BLOCK_ROWS, left));
      this.blocks.push(newBlock(dim, cap));
      left -= cap;
    }
    this.ids = new Int32Array(Math.max(1, capacity));
  }

  /** Number of photos stored (tombstones not counted). */
  get size(): number {
    return this.slotOf.size;
  }

  /** Number of rows in use, tombstones included: rows are numbered 0..slots−1. */
  get slots(): number {
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

  /** The block holding row `row`. */
  blockOf(row: number): MatrixBlock {
    return this.blocks[Math.floor(row / this.blockRows)]!;
  }

  /** Adds or replaces the row of `photoId` with the quantised unit direction of `vector`. */
  set(photoId: number, vector: ArrayLike<number>): void {
    this.checkLength(vector);
    let row = this.slotOf.get(photoId);
    if (row !== undefined && this.blockOf(row).frozen) {
      this.bury(row);
      row = undefined;
    }
    row ??= this.append(photoId);
    const b = this.blockOf(row);
    const col = row % this.blockRows;
    b.scales[col] = quantizeColumn(vector, b.codes, col, b.capacity);
    b.bias[col] = 0;
    b.edition++;
    this.version++;
  }

  /**
   * Adds many photos not in the matrix yet (those already in it are {@link set} one by one). Quantises them
   * TILE_ROWS at a time into a row-major tile and copies each code row as one run: loading 1M rows this way
   * avoids 768 strided writes per row.
   */
  appendMany(photoIds: readonly number[], vectors: readonly ArrayLike<number>[]): void {
    const tile = new Int8Array(TILE_ROWS * this.dim);
    const tileScales = new Float32Array(TILE_ROWS);
    let i = 0;
    while (i < photoIds.length) {
      if (this.slotOf.has(photoIds[i]!)) {
        this.set(photoIds[i]!, vectors[i]!);
        i++;
        continue;
      }
      const first = this.rows;
      const room = this.blockRows - (first % this.blockRows);
      let n = 0;
      while (n < Math.min(TILE_ROWS, room) && i + n < photoIds.length && !this.slotOf.has(photoIds[i + n]!)) {
        this.checkLength(vectors[i + n]!);
        tileScales[n] = quantizeColumn(vectors[i + n]!, tile, n * this.dim, 1);
        this.append(photoIds[i + n]!);
        n++;
      }
      const b = this.blockOf(first);
      const col = first % this.blockRows;
      for (let j = 0; j < this.dim; j++) {
        const base = j * b.capacity + col;
        for (let r = 0; r < n; r++) b.codes[base + r] = tile[r * this.dim + j]!;
      }
      b.scales.set(tileScales.subarray(0, n), col);
      b.bias.fill(0, col, col + n);
      b.edition++;
      i += n;
    }
    this.version++;
  }

  /**
   * Removes the row of `photoId`. Returns whether it existed. The last row moves into its place, unless either row
   * is frozen: then the row becomes a tombstone.
   */
  delete(photoId: number): boolean {
    const row = this.slotOf.get(photoId);
    if (row === undefined) return false;
    const last = this.rows - 1;
    if (this.blockOf(row).frozen || this.blockOf(last).frozen || this.ids[last]! < 0) {
      this.bury(row);
      this.version++;
      return true;
    }
    this.rows--;
    this.slotOf.delete(photoId);
    const lb = this.blockOf(last);
    const lc = last % this.blockRows;
    if (row !== last) {
      const b = this.blockOf(row);
      const c = row % this.blockRows;
      for (let j = 0; j < this.dim; j++) b.codes[j * b.capacity + c] = lb.codes[j * lb.capacity + lc]!;
      b.scales[c] = lb.scales[lc]!;
      b.edition++;
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

  /** Rows in use (tombstones included) in block `b`. */
  usedIn(b: number): number {
    return Math.max(0, Math.min(this.blockRows, this.rows - b * this.blockRows));
  }

  /** The first full block not frozen yet (−1 when none): the next one a kernel may take over. */
  nextToFreeze(): number {
    for (let b = 0; b < this.blocks.length; b++) {
      if (!this.blocks[b]!.frozen && this.usedIn(b) === this.blockRows) return b;
    }
    return -1;
  }

  /**
   * Hands block `b`'s codes to the kernel for good, if the block is still the one at `edition` the freeze began
   * from; its JS codes and scales are then dropped. Returns false (the caller releases `frozen`) when the block changed
   * meanwhile.
   */
  adoptFrozen(block: MatrixBlock, edition: number, frozen: FrozenCodes): boolean {
    if (block.frozen || block.edition !== edition || !this.blocks.includes(block)) return false;
    block.frozen = frozen;
    block.codes = new Int8Array(0);
    block.scales = new Float32Array(0);
    return true;
  }

  /** Releases every frozen block's kernel memory; the matrix must not be scanned afterwards. */
  async release(): Promise<void> {
    await Promise.all(this.blocks.flatMap((b) => (b.frozen ? [b.frozen.release()] : [])));
  }

  private checkLength(vector: ArrayLike<number>): void {
    if (vector.length !== this.dim) throw new Error(`vector of length ${vector.length} given to an index of dimension ${this.dim}`);
  }

  /** Takes the next free row for `photoId` (growing storage as needed). */
  private append(photoId: number): number {
    const row = this.rows;
    this.ensureRow(row);
    this.rows++;
    this.slotOf.set(photoId, row);
    this.ids[row] = photoId;
    return row;
  }

  /** Turns `row` into a tombstone: it keeps its place but never ranks again. */
  private bury(row: number): void {
    this.slotOf.delete(this.ids[row]!);
    this.ids[row] = -1;
    const block = this.blockOf(row);
    block.bias[row % this.blockRows] = -Infinity;
    block.tombstones++;
  }

  private ensureRow(row: number): void {
    if (row >= this.ids.length) {
      const ids = new Int32Array(Math.max(row + 1, Math.ceil(this.ids.length * 1.5)));
      ids.set(this.ids);
      this.ids = ids;
    }
    const bi = Math.floor(row / this.blockRows);
    const col = row % this.blockRows;
    if (bi === this.blocks.length) this.blocks.push(newBlock(this.dim, Math.min(this.blockRows, MIN_BLOCK_ROWS)));
    const b = this.blocks[bi]!;
    if (col >= b.capacity) this.blocks[bi] = relayout(b, this.dim, Math.min(this.blockRows, Math.max(col + 1, b.capacity * 2)));
  }
}

function newBlock(dim: number, capacity: number): MatrixBlock {
  return {
    codes: new Int8Array(dim * capacity),
    scales: new Float32Array(capacity),
    bias: new Float32Array(capacity).fill(-Infinity),
    capacity,
    edition: 0,
    frozen: null,
    tombstones: 0,
  };
}

/** A copy of `b` with room for `capacity` columns (each code row moves to its new stride). */
function relayout(b: MatrixBlock, dim: number, capacity: number): MatrixBlock {
  const out = newBlock(dim, capacity);
  for (let j = 0; j < dim; j++) out.codes.set(b.codes.subarray(j * b.capacity, (j + 1) * b.capacity), j * capacity);
  out.scales.set(b.scales);
  out.bias.set(b.bias);
  out.edition = b.edition + 1;
  out.tombstones = b.tombstones;
  return out;
}

/**
 * Quantises `v` into `codes` at `offset + j * stride` for each j; returns the scale of its unit direction (codes do
 * not depend on the length of `v`, so it is never normalised; 0 for an all-zero vector).
 */
function quantizeColumn(v: ArrayLike<number>, codes: Int8Array, offset: number, stride: number): number {
  const scale = maxAbs(v) / 127;
  const inv = scale === 0 ? 0 : 1 / scale;
  let sq = 0;
  for (let j = 0; j < v.length; j++) {
    codes[offset + j * stride] = Math.round(v[j]! * inv);
    sq += v[j]! * v[j]!;
  }
  return sq > 0 ? scale / Math.sqrt(sq) : 0;
}

/** A query as the kernels take it (see {@link quantizeQuery}). */
export interface KernelQuery {
  /** Unsigned codes u = round(v / s) + 128 (zero point 128, so u − 128 is the symmetric int8 code). */
  codes: Uint8Array;
  /** Turns an int32 dot product with a row's codes, times the row's own scale, into a cosine (s / |v|). */
  factor: number;
}

/** Quantises a query for the scan kernels. */
export function quantizeQuery(v: Float32Array): KernelQuery {
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
