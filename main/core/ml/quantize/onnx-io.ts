/** Reads and writes ONNX ModelProto files with onnx-proto, resolving external data on read and writing atomically. */
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, sep } from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** An ONNX model as onnx-proto decodes it. */
export type OnnxModel = onnxProto.onnx.ModelProto;
/** A tensor (initializer) as onnx-proto decodes it. */
export type OnnxTensor = onnxProto.onnx.ITensorProto;
/** A graph node as onnx-proto decodes it. */
export type OnnxNode = onnxProto.onnx.INodeProto;

/** ONNX TensorProto element types this folder creates or reads. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, FLOAT16: 10, DOUBLE: 11 } as const;

/** Bytes per element of the element types whose size is fixed (strings and sub-byte types are left out). */
const ELEMENT_BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2 };

/** A protobuf model may not pass 2 GiB; above this many initializer bytes the writer uses an external data file. */
const SINGLE_FILE_LIMIT = 1.9e9;
/** Initializers of at least this many bytes go to the external data file when one is needed. */
const EXTERNAL_MIN_BYTES = 1 << 16;
const ALIGN = 4096;

/** A number from an int64 protobuf field (onnx-proto gives Long objects for large values). */
export function int64(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

/** The tensor's dims as plain numbers. */
export function dimsOf(t: OnnxTensor): number[] {
  return (t.dims ?? []).map(int64);
}

/** Number of elements of a tensor (1 for a scalar). */
export function elementCount(t: OnnxTensor): number {
  return dimsOf(t).reduce((a, b) => a * b, 1);
}

/** The values of a float32 tensor, copied into an aligned array (raw bytes in files are not 4-byte aligned). */
export function floatValues(t: OnnxTensor): Float32Array {
  if (t.dataType !== DataType.FLOAT) throw new Error(`tensor ${t.name} is not float32 (type ${t.dataType})`);
  if (t.rawData && t.rawData.length > 0) return new Float32Array(new Uint8Array(t.rawData).buffer);
  return Float32Array.from(t.floatData ?? []);
}

/** A tensor holding `data` inline as raw little-endian bytes. */
export function rawTensor(name: string, dataType: number, dims: number[], data: Float32Array | Int8Array | Uint8Array): OnnxTensor {
  return { name, dataType, dims, rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

function externalEntry(t: OnnxTensor, key: string): string | undefined {
  return t.externalData?.find((e) => e.key === key)?.value ?? undefined;
}

/** The external data file of `t`, which must stay inside the model's folder. */
function externalFile(modelDir: string, t: OnnxTensor): string {
  const location = externalEntry(t, 'location');
  if (!location) throw new Error(`initializer ${t.name} is stored outside the model but names no file`);
  const path = normalize(join(modelDir, location));
  if (isAbsolute(location) || !path.startsWith(modelDir + sep))
    throw new Error(`initializer ${t.name} points outside the model folder (${location})`);
  return path;
}

/** Reads every externally stored initializer into memory, so the model can be rewritten and saved elsewhere. */
async function inlineExternalData(model: OnnxModel, modelPath: string): Promise<void> {
  const modelDir = normalize(dirname(modelPath));
  const external = (model.graph?.initializer ?? []).filter((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL);
  const byFile = new Map<string, OnnxTensor[]>();
  for (const t of external) {
    const file = externalFile(modelDir, t);
    byFile.set(file, [...(byFile.get(file) ?? []), t]);
  }
  for (const [file, tensors] of byFile) {
    const handle = await open(file, 'r').catch(() => {
      throw new Error(`${basename(modelPath)} keeps its weights in ${basename(file)}, which is missing: download the model again`);
    });
    try {
      for (const t of tensors) {
        const offset = Number(externalEntry(t, 'offset') ?? 0);
        const length = Number(externalEntry(t, 'length') ?? elementCount(t) * (ELEMENT_BYTES[t.dataType ?? 0] ?? 0));
        const bytes = Buffer.alloc(length);
        const { bytesRead } = await handle.read(bytes, 0, length, offset);
        if (bytesRead !== length)
          throw new Error(
            `${basename(file)} is shorter than ${basename(modelPath)} says (initializer ${t.name}): download the model again`,
          );
        t.rawData = bytes;
        t.dataLocation = onnx.TensorProto.DataLocation.DEFAULT;
        t.externalData = [];
      }
    } finally {
      await handle.close();
    }
  }
}

/** Decodes the model at `path`, with externally stored weights read into memory. */
export async function readOnnxModel(path: string): Promise<OnnxModel> {
  const model = onnx.ModelProto.decode(await readFile(path));
  await inlineExternalData(model, path);
  return model;
}

/** Moves the largest initializers of `model` into `dataPath`, leaving references to `location` in the model. */
async function writeExternalData(model: OnnxModel, dataPath: string, location: string): Promise<void> {
  const file = await open(dataPath, 'w');
  try {
    let offset = 0;
    for (const t of model.graph?.initializer ?? []) {
      const bytes = t.rawData;
      if (!bytes || bytes.length < EXTERNAL_MIN_BYTES) continue;
      await file.write(bytes, 0, bytes.length, offset);
      t.rawData = new Uint8Array(0);
      t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
      t.externalData = [
        { key: 'location', value: location },
        { key: 'offset', value: String(offset) },
        { key: 'length', value: String(bytes.length) },
      ];
      offset = Math.ceil((offset + bytes.length) / ALIGN) * ALIGN;
    }
  } finally {
    await file.close();
  }
}

/**
 * Writes `model` to `path` (through a temporary name, so a half-written file is never found): one file when its
 * weights stay under `singleFileLimit` bytes (a protobuf may not pass 2 GiB), else the large weights in
 * `<file>_data` beside it. Returns the paths written.
 */
export async function writeOnnxModel(model: OnnxModel, path: string, singleFileLimit = SINGLE_FILE_LIMIT): Promise<string[]> {
  const bytes = (model.graph?.initializer ?? []).reduce((s, t) => s + (t.rawData?.length ?? 0), 0);
  const temp = `${path}.partial`;
  const written = [path];
  try {
    if (bytes > singleFileLimit) {
      await writeExternalData(model, `${path}_data.partial`, `${basename(path)}_data`);
      await rename(`${path}_data.partial`, `${path}_data`);
      written.push(`${path}_data`);
    }
    await writeFile(temp, onnx.ModelProto.encode(model).finish());
    await rename(temp, path);
  } catch (e) {
    await Promise.all([rm(temp, { force: true }), rm(`${path}_data.partial`, { force: true })]);
    throw e;
  }
  return written;
}
