/** Tensors in and out of ONNX sessions: picks inputs/outputs from session metadata and converts float16 <-> float32. */
import type * as ort from 'onnxruntime-node';
import { ort as loadOrt } from './ort.js';
import { l2normalize } from './scores.js';

/** Metadata of one tensor input or output, as the loaded session reports it. */
export interface TensorInfo {
  name: string;
  type: ort.Tensor.Type;
  shape: readonly (number | string)[];
}

/** Tensor inputs or outputs of a session, from its metadata (non-tensor values are left out). */
export function tensorInfos(metadata: readonly ort.InferenceSession.ValueMetadata[]): TensorInfo[] {
  return metadata.flatMap((m) => (m.isTensor ? [{ name: m.name, type: m.type, shape: m.shape }] : []));
}

/** The first of `preferred` names present in `infos`, else undefined. */
export function pickByName(infos: TensorInfo[], preferred: readonly string[]): TensorInfo | undefined {
  for (const name of preferred) {
    const hit = infos.find((i) => i.name === name);
    if (hit) return hit;
  }
  return undefined;
}

/** Shape for messages: `[1, 3, 224, 224]` with symbolic dims by name. */
export function showShape(shape: readonly (number | string)[]): string {
  return `[${shape.join(', ')}]`;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half-precision bits of `x` (round to nearest even). */
function toHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = (mant | 0x800000) >>> (1 - e);
    return sign | ((m + 0xfff + ((m >>> 13) & 1)) >>> 13);
  }
  const rounded = ((e << 23) | mant) + 0xfff + ((mant >>> 13) & 1);
  return sign | (rounded >>> 13);
}

/** float32 value of IEEE half-precision `bits`. */
function fromHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** A float tensor of `type` ('float32' or 'float16') holding `data`. */
export function floatTensor(type: ort.Tensor.Type, data: Float32Array, dims: number[]): ort.Tensor {
  if (type === 'float32') return new (loadOrt().Tensor)('float32', data, dims);
  if (type === 'float16') return new (loadOrt().Tensor)('float16', Uint16Array.from(data, toHalf), dims);
  throw new Error(`expects ${type} input; only float32 and float16 are supported`);
}

/** The values of a float32 or float16 tensor as float32. */
export function floatData(tensor: ort.Tensor): Float32Array {
  if (tensor.type === 'float32') return tensor.data as Float32Array;
  if (tensor.type === 'float16') return Float32Array.from(tensor.data as Uint16Array, fromHalf);
  throw new Error(`returned a ${tensor.type} tensor; only float32 and float16 are supported`);
}

/** An all-zeros tensor for `info`, symbolic dims set to 1; undefined when its shape or type is unknown. */
export function zerosFor(info: TensorInfo): ort.Tensor | undefined {
  if (info.shape.length === 0) return undefined;
  const dims = info.shape.map((d) => (typeof d === 'number' && d > 0 ? d : 1));
  const size = dims.reduce((a, b) => a * b, 1);
  switch (info.type) {
    case 'float32':
      return new (loadOrt().Tensor)('float32', new Float32Array(size), dims);
    case 'float16':
      return new (loadOrt().Tensor)('float16', new Uint16Array(size), dims);
    case 'int32':
      return new (loadOrt().Tensor)('int32', new Int32Array(size), dims);
    case 'int64':
      return new (loadOrt().Tensor)('int64', new BigInt64Array(size), dims);
    default:
      return undefined;
  }
}

/** Splits a [count, dim] float output into L2-normalised rows (exports differ on whether they normalise). */
export function normalisedRows(tensor: ort.Tensor, count: number, dim: number): Float32Array[] {
  const data = floatData(tensor);
  if (data.length < count * dim) throw new Error(`output has ${data.length} values, expected ${count}×${dim}`);
  return Array.from({ length: count }, (_, r) => l2normalize(data.subarray(r * dim, (r + 1) * dim)));
}

/** Batch size an input allows: a fixed export dimension, or `fallback` when the batch is symbolic. */
export function batchLimit(info: TensorInfo, fallback: number): { maxBatch: number; fixed: boolean } {
  const first = info.shape[0];
  return typeof first === 'number' && first > 0 ? { maxBatch: first, fixed: true } : { maxBatch: fallback, fixed: false };
}

/** The embedding size of a [batch, D] output, when the export states it as a number. */
export function statedDim(info: TensorInfo): number | undefined {
  const last = info.shape.at(-1);
  return info.shape.length === 2 && typeof last === 'number' && last > 0 ? last : undefined;
}
