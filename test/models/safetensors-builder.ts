/** Builds small .safetensors files in tests: 8-byte LE header length, JSON header, then the packed tensor data. */

/** One tensor to write: dtype name as safetensors spells it, shape, and its raw little-endian bytes. */
export interface TensorSpec {
  dtype: 'F32' | 'F16' | 'BF16' | 'I64';
  shape: number[];
  data: Buffer;
}

/** Little-endian F32 bytes of `values`. */
export function f32(...values: number[]): Buffer {
  return Buffer.from(new Float32Array(values).buffer);
}

/** Little-endian IEEE half bytes (round to nearest) of `values`, via a Float32 → binary16 conversion. */
export function f16(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => {
    const [bits] = new Uint32Array(new Float32Array([v]).buffer);
    const sign = (bits! >>> 16) & 0x8000;
    const exp = ((bits! >>> 23) & 0xff) - 127 + 15;
    const mant = bits! & 0x7fffff;
    const half = exp <= 0 ? sign : sign | (exp << 10) | Math.round(mant / 0x2000);
    out.writeUInt16LE(half, i * 2);
  });
  return out;
}

/** Little-endian bfloat16 bytes (truncated) of `values`. */
export function bf16(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => out.writeUInt16LE(new Uint32Array(new Float32Array([v]).buffer)[0]! >>> 16, i * 2));
  return out;
}

/** Packs tensors into a safetensors file, in the given order, with a `__metadata__` entry like real checkpoints. */
export function buildSafetensors(tensors: Record<string, TensorSpec>): Buffer {
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + t.data.length] };
    offset += t.data.length;
  }
  let json = Buffer.from(JSON.stringify(header));
  json = Buffer.concat([json, Buffer.alloc((8 - (json.length % 8)) % 8, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, json, ...Object.values(tensors).map((t) => t.data)]);
}
