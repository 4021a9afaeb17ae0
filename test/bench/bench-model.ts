/** The shape-true SigLIP-B/16-256 the benchmarks run, cached in `.cache/bench-models/<hash>` (never committed). */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateShapeTrueSiglip } from '../fixtures/shape-true.js';
import { writeModelConfigs } from './model-configs.js';

/** A ready model: both layouts, and how it was made. */
export interface BenchModel {
  dir: string;
  immich: string;
  xenova: string;
  layers: number;
  imageSize: number;
  vocab: number;
  visionGflops: number;
  /** 'generated', 'cached' or 'linked from <dir>'. */
  source: string;
}

const IMAGE_SIZE = 256;
const VOCAB = 250_000;
const MARKER = 'bench-model.json';
const SOURCES = [
  'fixtures/shape-true.ts',
  'fixtures/transformer-blocks.ts',
  'fixtures/onnx-graph.ts',
  'fixtures/onnx-writer.ts',
  'bench/model-configs.ts',
];

async function cacheDir(root: string, layers: number): Promise<string> {
  const hash = createHash('sha256').update(`layers=${layers};size=${IMAGE_SIZE};vocab=${VOCAB}`);
  for (const f of SOURCES) hash.update(await readFile(join(root, 'test', f)));
  return join(root, '.cache', 'bench-models', hash.digest('hex').slice(0, 16));
}

async function build(tmp: string, layers: number): Promise<{ gflops: number; source: string }> {
  const result = await generateShapeTrueSiglip(tmp, { imageSize: IMAGE_SIZE, textVocab: VOCAB, layers });
  return { gflops: result.visionGflops, source: 'generated' };
}

/**
 * Returns the benchmark model, building it when missing: full size (12 layers) normally; quick mode takes the full
 * one when it is cached and otherwise generates a 4-layer one to stay under 5 minutes.
 */
export async function ensureBenchModel(root: string, quick: boolean): Promise<BenchModel> {
  const full = await cacheDir(root, 12);
  const fullReady = existsSync(join(full, MARKER));
  const layers = !quick || fullReady ? 12 : 4;
  const dir = layers === 12 ? full : await cacheDir(root, layers);
  const paths = { dir, immich: join(dir, 'immich'), xenova: join(dir, 'xenova') };
  if (existsSync(join(dir, MARKER))) {
    const saved = JSON.parse(await readFile(join(dir, MARKER), 'utf8')) as BenchModel;
    return { ...saved, ...paths, source: 'cached' };
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  const made = await build(tmp, layers);
  await writeModelConfigs(tmp, { imageSize: IMAGE_SIZE, vocab: VOCAB, layers });
  const model: BenchModel = { ...paths, layers, imageSize: IMAGE_SIZE, vocab: VOCAB, visionGflops: made.gflops, source: made.source };
  await writeFile(join(tmp, MARKER), JSON.stringify(model, null, 2));
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  return model;
}
