/** Test helpers for the int8 transform: op counts, deliberately damaged conversions, fixture photo tensors, cosines. */
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePhoto } from '../../main/core/media/decode.js';
import type { ModelFolder } from '../../main/core/ml/model-folder.js';
import { DataType, dimsOf, readOnnxModel, writeOnnxModel, type OnnxModel } from '../../main/core/ml/quantize/onnx-io.js';
import { cosine } from '../../main/core/ml/scores.js';
import type { FixtureManifest } from '../helpers/fixtures.js';

/** How many nodes of each op type the model at `path` has. */
export async function opCounts(path: string): Promise<Map<string, number>> {
  const model = await readOnnxModel(path);
  const counts = new Map<string, number>();
  for (const n of model.graph?.node ?? []) counts.set(n.opType!, (counts.get(n.opType!) ?? 0) + 1);
  return counts;
}

/** MatMul/Gemm nodes still multiplying by a float32 initializer of at least `minElements` values. */
export function floatWeightMatMuls(model: OnnxModel, minElements: number): string[] {
  const floats = new Map((model.graph?.initializer ?? []).filter((t) => t.dataType === DataType.FLOAT).map((t) => [t.name!, t]));
  return (model.graph?.node ?? [])
    .filter((n) => n.opType === 'MatMul' || n.opType === 'Gemm')
    .filter((n) => {
      const w = floats.get(n.input?.[1] ?? '');
      return w !== undefined && dimsOf(w).reduce((a, b) => a * b, 1) >= minElements;
    })
    .map((n) => n.name ?? n.output![0]!);
}

/**
 * Writes a damaged copy of an int8 model: `shuffle` permutes the columns of every int8 weight (each output channel
 * gets another channel's weights), `scale` multiplies every weight scale by a different factor in [0.05, 20].
 */
export async function damageInt8Model(source: string, target: string, how: 'shuffle' | 'scale'): Promise<void> {
  const model = await readOnnxModel(source);
  for (const t of model.graph?.initializer ?? []) {
    const [k, n] = dimsOf(t) as [number, number];
    if (how === 'shuffle' && t.dataType === DataType.INT8 && t.name?.includes('/int8')) {
      const values = new Int8Array(new Uint8Array(t.rawData!).buffer);
      const out = new Int8Array(values.length);
      for (let r = 0; r < k; r++) for (let c = 0; c < n; c++) out[r * n + c] = values[r * n + ((c * 7 + 3) % n)]!;
      t.rawData = new Uint8Array(out.buffer);
    }
    if (how === 'scale' && t.name?.includes('/int8_scales')) {
      const scales = new Float32Array(new Uint8Array(t.rawData!).buffer);
      scales.forEach((s, i) => (scales[i] = s * 20 ** Math.sin(i * 2.3)));
      t.rawData = new Uint8Array(scales.buffer);
    }
  }
  await writeOnnxModel(model, target);
}

/** A private copy of a fixture model folder (the int8 files are written beside the towers). */
export async function copyModel(dir: string): Promise<string> {
  const target = join(await mkdtemp(join(tmpdir(), 'shoebox-quantize-')), 'model');
  await cp(dir, target, { recursive: true });
  return target;
}

/** Model tensors of the first `count` fixture photos for `folder`. */
export async function photoTensors(fx: FixtureManifest, folder: ModelFolder, count: number): Promise<Float32Array[]> {
  const files = fx.photosManifest.photos.slice(0, count).map((p) => join(fx.photos, p.file));
  const decoded = await Promise.all(
    files.map((f) => decodePhoto(f, { tensorSize: folder.imageSize, mean: folder.mean, std: folder.std, thumbPath: null })),
  );
  return decoded.map((d) => d.tensor);
}

/** Cosine of each pair of rows. */
export function pairCosines(a: Float32Array[], b: Float32Array[]): number[] {
  return a.map((v, i) => cosine(v, b[i]!));
}

/** Mean of a list. */
export const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
