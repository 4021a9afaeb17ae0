/** Packs a matrix block's int8 rows into the 4-bit block-quantised layout of onnxruntime's MatMulNBits. */
import type { MatrixBlock } from './int8-matrix.js';

/** Values per 4-bit quantisation block (one fp32 scale each): 768-d costs 384 B of nibbles + 96 B of scales. */
export const NIBBLE_BLOCK = 32;
/** Rows packed between event-loop turns (~5 ms of work at 768-d). */
const ROWS_PER_TURN = 2048;

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
  const x = new Float32Array(blocksPerRow * NIBBLE_BLOCK);
  const codes = block.codes;
  for (let c = 0; c < rows; c++) {
    if (c > 0 && c % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
    const unit = block.scales[c]!;
    for (let j = 0; j < dim; j++) x[j] = codes[j * rows + c]! * unit;
    for (let b = 0; b < blocksPerRow; b++) {
      const start = b * NIBBLE_BLOCK;
      let amax = 0;
      for (let j = start; j < start + NIBBLE_BLOCK; j++) amax = Math.max(amax, Math.abs(x[j]!));
      const s = amax / 7;
      const inv = s === 0 ? 0 : 1 / s;
      scales[c * blocksPerRow + b] = s;
      const out = c * rowBytes + b * (NIBBLE_BLOCK / 2);
      for (let i = 0; i < NIBBLE_BLOCK; i += 2) {
        const lo = nibble(x[start + i]! * inv);
        const hi = nibble(x[start + i + 1]! * inv);
        packed[out + i / 2] = lo | (hi << 4);
      }
    }
  }
  return { packed, scales, blocksPerRow, rows };
}

function nibble(v: number): number {
  return Math.min(7, Math.max(-8, Math.round(v))) + 8;
}
