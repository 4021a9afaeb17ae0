/** Plain-JS scan kernels over the column-blocked int8 matrix: a few chosen rows, or a whole block as a fallback. */
import type { Int8Matrix, MatrixBlock } from './int8-matrix.js';

/**
 * Raw scores (dot · row scale, before the query factor) of the given rows, query codes from `quantizeQuery`:
 * cheaper than a kernel run when the filter leaves only a few rows, since only their columns are read.
 */
export function scoreRows(m: Int8Matrix, queryCodes: Uint8Array, rows: Int32Array): Float32Array {
  const out = new Float32Array(rows.length);
  const q = signedQuery(queryCodes);
  const acc = new Int32Array(rows.length);
  const cols = new Int32Array(rows.length);
  const stride = new Int32Array(rows.length);
  const codes: Int8Array[] = [];
  for (let i = 0; i < rows.length; i++) {
    const b = m.blockOf(rows[i]!);
    cols[i] = rows[i]! % m.blockRows;
    stride[i] = b.capacity;
    codes.push(b.codes);
  }
  for (let j = 0; j < q.length; j++) {
    const qj = q[j]!;
    if (qj === 0) continue;
    for (let i = 0; i < rows.length; i++) acc[i]! += qj * codes[i]![j * stride[i]! + cols[i]!]!;
  }
  for (let i = 0; i < rows.length; i++) {
    out[i] = acc[i]! * m.blockOf(rows[i]!).scales[cols[i]!]!;
  }
  return out;
}

/**
 * The whole-block scan the onnxruntime kernel does, in JS: scores[c] = dot(q, column c) · scales[c] + bias[c]
 * over the first `used` columns (the rest −∞). Used when onnxruntime is unavailable.
 */
export function scanBlockJs(queryCodes: Uint8Array, block: MatrixBlock, bias: Float32Array, used: number): Float32Array {
  const q = signedQuery(queryCodes);
  const acc = new Int32Array(used);
  const { codes, capacity } = block;
  for (let j = 0; j < q.length; j++) {
    const qj = q[j]!;
    if (qj === 0) continue;
    const base = j * capacity;
    for (let c = 0; c < used; c++) acc[c]! += qj * codes[base + c]!;
  }
  const scores = new Float32Array(capacity).fill(-Infinity);
  for (let c = 0; c < used; c++) scores[c] = acc[c]! * block.scales[c]! + bias[c]!;
  return scores;
}

function signedQuery(codes: Uint8Array): Int32Array {
  const q = new Int32Array(codes.length);
  for (let j = 0; j < codes.length; j++) q[j] = codes[j]! - 128;
  return q;
}
