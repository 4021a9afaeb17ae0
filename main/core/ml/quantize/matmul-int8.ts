/** Per-output-channel int8 weights and the node chain that runs `x · B` as DynamicQuantizeLinear + MatMulInteger. */
import onnxProto from 'onnx-proto';
import { DataType, type OnnxNode } from './onnx-io.js';

const { onnx } = onnxProto;

/** A [K, N] weight as symmetric int8, one scale per output column (zero point 0). */
export interface Int8Weight {
  /** Row-major [K, N] int8 values in [-127, 127]. */
  values: Int8Array;
  /** N scales: B[k, n] ≈ values[k, n] × scales[n]. */
  scales: Float32Array;
  k: number;
  n: number;
}

/** Largest magnitude of the int8 grid; -128 is left out so the grid stays symmetric around zero. */
const INT8_MAX = 127;

/**
 * Quantizes the row-major [K, N] matrix `b` per output column: `scale_n = max|B[:, n]| / 127`, values rounded to
 * the nearest step. `multiplier` (Gemm's alpha) is folded into the scales.
 */
export function quantizeColumns(b: Float32Array, k: number, n: number, multiplier = 1): Int8Weight {
  if (b.length !== k * n) throw new Error(`weight has ${b.length} values, expected ${k}×${n}`);
  const max = new Float32Array(n);
  for (let r = 0; r < k; r++) {
    const row = r * n;
    for (let c = 0; c < n; c++) {
      const v = Math.abs(b[row + c]!);
      if (v > max[c]!) max[c] = v;
    }
  }
  const step = Float32Array.from(max, (m) => (m > 0 ? m / INT8_MAX : 1));
  const values = new Int8Array(k * n);
  for (let r = 0; r < k; r++) {
    const row = r * n;
    for (let c = 0; c < n; c++) {
      const q = Math.round(b[row + c]! / step[c]!);
      values[row + c] = q > INT8_MAX ? INT8_MAX : q < -INT8_MAX ? -INT8_MAX : q;
    }
  }
  const scales = Float32Array.from(step, (s) => s * multiplier);
  return { values, scales, k, n };
}

/** The transpose of a row-major [rows, cols] matrix (Gemm's transB weights are stored [N, K]). */
export function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c]!;
  }
  return out;
}

/** Graph names of an {@link Int8Weight}'s two initializers. */
export interface Int8WeightNames {
  values: string;
  scales: string;
}

function node(opType: string, input: string[], output: string[], name: string, attribute: OnnxNode['attribute'] = []): OnnxNode {
  return { opType, input, output, name, attribute };
}

/**
 * Nodes computing `output = input · B` from an int8 B. The activations are quantized per tensor at run time to
 * uint8 (DynamicQuantizeLinear), multiplied in integers (MatMulInteger, int32 out), cast to float and scaled by
 * `a_scale × b_scales`. This is the chain onnxruntime's dynamic quantizer emits, in the exact shape its CPU
 * optimizer fuses into MatMulIntegerToFloat and then DynamicQuantizeMatMul: `Mul(a_scale, b_scale)` with the
 * activation scale first, and one DynamicQuantizeLinear per MatMul (the fusion requires it to have no other users).
 * B's zero point is left out: it is 0 for symmetric weights, which is the default.
 */
export function int8MatMulNodes(prefix: string, input: string, weight: Int8WeightNames, output: string): OnnxNode[] {
  const [aq, aScale, aZero] = [`${prefix}/a_quantized`, `${prefix}/a_scale`, `${prefix}/a_zero_point`];
  const [product, asFloat, scale] = [`${prefix}/product_int32`, `${prefix}/product_float`, `${prefix}/scale`];
  const to = { name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: DataType.FLOAT };
  return [
    node('DynamicQuantizeLinear', [input], [aq, aScale, aZero], `${prefix}/quantize_input`),
    node('MatMulInteger', [aq, weight.values, aZero], [product], `${prefix}/matmul_integer`),
    node('Cast', [product], [asFloat], `${prefix}/cast`, [to]),
    node('Mul', [aScale, weight.scales], [scale], `${prefix}/scale_product`),
    node('Mul', [asFloat, scale], [output], `${prefix}/rescale`),
  ];
}
