/** Quantizes a model folder's fp32 towers to int8 files saved beside them (`visual/model_int8.onnx`, ...). */
import { access, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ModelFolder } from '../model-folder.js';
import { readOnnxModel, writeOnnxModel } from './onnx-io.js';
import { quantizeGraph, type QuantizeOptions, type QuantizeStats } from './quantize-graph.js';

export { DEFAULT_MIN_ELEMENTS, type QuantizeOptions, type QuantizeStats } from './quantize-graph.js';

/** Which tower a progress report is about. */
export type Tower = 'vision' | 'text';

/** Options of {@link quantizeModelFolder}. */
export interface QuantizeFolderOptions extends Omit<QuantizeOptions, 'onProgress'> {
  /** Progress over the initializers of the tower being converted (vision first, then text). */
  onProgress?: (done: number, total: number, tower: Tower) => void;
}

/** The int8 towers written beside the fp32 ones, with what changed in each. */
export interface QuantizedFolder {
  visionPath: string;
  textPath: string;
  vision: QuantizeStats;
  text: QuantizeStats;
}

/** Suffix our int8 towers get; transformers.js's own quantized exports keep their `_quantized` name. */
export const INT8_SUFFIX = '_int8';
/** Recorded in the model's metadata so an int8 file can be recognised as ours. */
const METADATA_KEY = 'shoebox.quantization';
const METADATA_VALUE = 'dynamic int8: MatMul/Gemm weights symmetric per output channel; activations uint8 per tensor at run time';

/** Where the int8 copy of an fp32 tower goes: `visual/model.onnx` → `visual/model_int8.onnx`, `onnx/vision_model.onnx` → `onnx/vision_model_int8.onnx`. */
export function int8TowerPath(fp32Path: string): string {
  if (!fp32Path.endsWith('.onnx')) throw new Error(`${basename(fp32Path)} is not an .onnx file`);
  return `${fp32Path.slice(0, -'.onnx'.length)}${INT8_SUFFIX}.onnx`;
}

/** True when both int8 towers of `folder` (as {@link int8TowerPath} names them) are on disk. */
export async function hasInt8Towers(folder: ModelFolder): Promise<boolean> {
  const exists = (p: string): Promise<boolean> =>
    access(p).then(
      () => true,
      () => false,
    );
  return (await exists(int8TowerPath(folder.visionPath))) && (await exists(int8TowerPath(folder.textPath)));
}

/** Deletes the int8 towers of `folder` (e.g. after the quality guard rejected them); the fp32 towers stay. */
export async function removeInt8Towers(folder: ModelFolder): Promise<void> {
  await Promise.all([folder.visionPath, folder.textPath].map((p) => rm(int8TowerPath(p), { force: true })));
}

/** `folder` with other tower files, e.g. the int8 ones: everything else (sizes, tokenizer) is shared. */
export function withTowers(folder: ModelFolder, towers: { visionPath: string; textPath: string }): ModelFolder {
  return { ...folder, visionPath: towers.visionPath, textPath: towers.textPath };
}

/**
 * Reads the fp32 model at `source` (external data included), converts its MatMul/Gemm weights to int8 with
 * run-time activation quantization and writes the result to `target` (one file when under 2 GB). The source is
 * left untouched. Throws with a readable message when the model cannot be read or converted.
 */
export async function quantizeOnnxFile(source: string, target: string, options: QuantizeOptions = {}): Promise<QuantizeStats> {
  const model = await readOnnxModel(source);
  const stats = await quantizeGraph(model, options);
  model.metadataProps = [
    ...(model.metadataProps ?? []).filter((p) => p.key !== METADATA_KEY),
    { key: METADATA_KEY, value: METADATA_VALUE },
  ];
  await writeOnnxModel(model, target);
  return stats;
}

/**
 * Converts both fp32 towers of `folder` (read with precision fp32) to int8 files beside them, named by
 * {@link int8TowerPath}; the originals are kept. Vision first, then text, one at a time to bound memory.
 */
export async function quantizeModelFolder(folder: ModelFolder, options: QuantizeFolderOptions = {}): Promise<QuantizedFolder> {
  const run = (tower: Tower, source: string): Promise<QuantizeStats> =>
    quantizeOnnxFile(source, int8TowerPath(source), {
      ...(options.minElements === undefined ? {} : { minElements: options.minElements }),
      onProgress: (done, total) => options.onProgress?.(done, total, tower),
    }).catch((e: unknown) => {
      throw new Error(`cannot convert the ${tower} tower (${basename(source)}) to int8: ${(e as Error).message}`);
    });
  const vision = await run('vision', folder.visionPath);
  const text = await run('text', folder.textPath);
  return { visionPath: int8TowerPath(folder.visionPath), textPath: int8TowerPath(folder.textPath), vision, text };
}
