/** fp32 vs int8 limit of the Immich vision tower, the int8 one built by the product's own transform (MatMulInteger). */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { quantizeOnnxFile } from '../../main/core/ml/quantize/quantize-model.js';
import { ensureBenchModel } from './bench-model.js';
import { now, timed } from './stats.js';
import type { BenchFn, Figure } from './types.js';

/** The int8 copy of `fp32`, cached beside the model and keyed by the transform's sources. */
export async function int8Tower(root: string, modelDir: string, fp32: string): Promise<{ path: string; buildMs: number | null }> {
  const dir = join(root, 'main', 'core', 'ml', 'quantize');
  const hash = createHash('sha256');
  for (const f of (await readdir(dir)).sort()) hash.update(await readFile(join(dir, f)));
  const path = `${modelDir}-int8-${hash.digest('hex').slice(0, 12)}.onnx`;
  if (existsSync(path)) return { path, buildMs: null };
  const built = await timed(() => quantizeOnnxFile(fp32, `${path}.tmp.onnx`));
  await rename(`${path}.tmp.onnx`, path);
  return { path, buildMs: built.ms };
}

async function rate(path: string, threads: number, size: number, budgetMs: number): Promise<number> {
  const session = await ort.InferenceSession.create(path, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
  });
  const feed = { image: new ort.Tensor('float32', new Float32Array(3 * size * size).fill(0.1), [1, 3, size, size]) };
  await session.run(feed);
  const t0 = now();
  let runs = 0;
  while (runs < 2 || now() - t0 < budgetMs) {
    await session.run(feed);
    runs++;
  }
  const v = (runs / (now() - t0)) * 1000;
  await session.release();
  return v;
}

/** Builds (or reuses) the int8 tower and measures both precisions at 1 and 2 threads, batch 1. */
export const run: BenchFn = async (ctx) => {
  const model = await ensureBenchModel(ctx.root, ctx.quick);
  const fp32 = join(model.immich, 'visual', 'model.onnx');
  const int8 = await int8Tower(ctx.root, model.dir, fp32);
  const budget = ctx.quick ? 1000 : 4000;
  const figures: Figure[] = [];
  for (const threads of [1, 2]) {
    const f = await rate(fp32, threads, model.imageSize, budget);
    const q = await rate(int8.path, threads, model.imageSize, budget);
    figures.push(
      { key: `int8.fp32.t${threads}`, label: `limit immich fp32, ${threads} thread(s)`, value: f, unit: 'photos/s' },
      { key: `int8.int8.t${threads}`, label: `limit immich int8 (our transform), ${threads} thread(s)`, value: q, unit: 'photos/s' },
      { key: `int8.speedup.t${threads}`, label: `int8 ÷ fp32, ${threads} thread(s)`, value: q / f, unit: '×' },
    );
  }
  figures.push({
    key: 'limit.int8.best',
    label: 'LIMIT immich int8 (best threads)',
    value: Math.max(...figures.filter((f) => f.key.startsWith('int8.int8.')).map((f) => f.value)),
    unit: 'photos/s',
  });
  const mb = (p: string): Promise<string> => stat(p).then((s) => (s.size / 1e6).toFixed(0));
  return {
    name: 'int8 vs fp32: vision tower limit (Immich export, batch 1)',
    figures,
    notes: [
      `int8 tower: ${await mb(int8.path)} MB vs ${await mb(fp32)} MB fp32; ${int8.buildMs === null ? 'cached' : `built in ${(int8.buildMs / 1000).toFixed(0)} s`} by quantizeOnnxFile (DynamicQuantizeLinear + MatMulInteger on MatMul/Gemm weights)`,
      "onnxruntime's own Python quantize_dynamic is not available here (no Python onnxruntime), so the product's transform, which emits the same node pattern, is the only int8 measured",
    ],
  };
};
