/** Packs a matrix block's int8 rows into the 4-bit block-quantised layout of onnxruntime's MatMulNBits. */
import type { MatrixBlock } from './int8-matrix.js';

/** Values per 4-bit quantisation block (one fp32 scale each): 768-d costs 384 B of nibbles + 96 B of scales. */
export const NIBBLE_BLOCK = 32;
/** Rows gathered from the column-major codes at a time (a 768 KB float tile at 768-d). */
const TILE_ROWS = 256;
/** Rows packed between event-loop turns (a multiple of TILE_ROWS; ~10 ms of work at 768-d). */
const ROWS_PER_TURN = 1024;

/** A block in MatMulNBits form: B uint8 [rows, blocksPerRow, NIBBLE_BLOCK / 2] and scales float [rows · blocksPerRow]. */
export interface NibbleBlock {
  packed: Uint8Array;
  scales: Float32Array;
  blocksPerRow: number;
  rows: number;
}

/**
 * Turns each column of `block` (a photo's int8 codes times its unit scale: its unit direction) into symmetric 4-bit
 * codes per NIBBLE_BLOCK values, q = round(x / s) + 8 with s = max|x| / 7, the zero point MatMulNBits assumes
 * when none is given. Value 2i of a quantisation block is the low nibble of its byte i. Dimensions past `dim` (when
 * it is not a multiple of NIBBLE_BLOCK) are zero. Yields to the event loop every ROWS_PER_TURN rows.
 */
export async function packNibbles(block: MatrixBlock, dim: number): Promise<NibbleBlock> {
  const rows = block.capacity;
  const blocksPerRow = Math.ceil(dim / NIBBLE_BLOCK);
  const rowBytes = blocksPerRow * (NIBBLE_BLOCK / 2);
  const packed = new Uint8Array(rows * rowBytes);
  const scales = new Float32Array(rows * blocksPerRow);
  const width = blocksPerRow * NIBBLE_BLOCK;
  const tile = new Float32Array(TILE_ROWS * width);
  const codes = block.codes;
  for (let c0 = 0; c0 < rows; c0 += TILE_ROWS) {
    if (c0 > 0 && c0 % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const n = Math.min(TILE_ROWS, rows - c0);
    // Column-major codes: read each code row as one run for the whole tile instead of `dim` scattered bytes per photo.
    for (let j = 0; j < dim; j++) {
      const base = j * rows + c0;
      for (let r = 0; r < n; r++) tile[r * width + j] = codes[base + r]!;
    }
    for (let r = 0; r < n; r++) {
      const c = c0 + r;
      const unit = block.scales[c]!;
      const x = tile.subarray(r * width, (r + 1) * width);
      for (let j = 0; j < dim; j++) x[j]! *= unit;
      packRow(x, packed.subarray(c * rowBytes, (c + 1) * rowBytes), scales.subarray(c * blocksPerRow, (c + 1) * blocksPerRow));
    }
  }
  return { packed, scales, blocksPerRow, rows };
}

/** Quantises one row (its length a multiple of NIBBLE_BLOCK, zero-padded) into `out` bytes and `scales`. */
function packRow(x: Float32Array, out: Uint8Array, scales: Float32Array): void {
  for (let b = 0; b < scales.length; b++) {
    const start = b * NIBBLE_BLOCK;
    let amax = 0;
    for (let j = start; j < start + NIBBLE_BLOCK; j++) amax = Math.max(amax, Math.abs(x[j]!));
    const s = amax / 7;
    const inv = s === 0 ? 0 : 1 / s;
    scales[b] = s;
    for (let i = 0; i < NIBBLE_BLOCK; i += 2) out[(start + i) / 2] = nibble(x[start + i]! * inv) | (nibble(x[start + i + 1]! * inv) << 4);
  }
}

function nibble(v: number): number {
  return Math.min(7, Math.max(-8, Math.round(v))) + 8;
}
