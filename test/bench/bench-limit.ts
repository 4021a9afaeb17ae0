/** The model's own limit: raw onnxruntime throughput of the vision tower on ready tensors, per batch and thread setting. */
import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { ensureBenchModel } from './bench-model.js';
import { now, Rng } from './stats.js';
import type { BenchFn, Figure } from './types.js';

/** The two export layouts of a vision tower. */
export type Layout = 'immich' | 'xenova';

const INPUT: Record<Layout, string> = { immich: 'image', xenova: 'pixel_values' };
const FILE: Record<Layout, string> = { immich: 'visual/model.onnx', xenova: 'onnx/vision_model.onnx' };

function pixels(batch: number, size: number): Float32Array {
  const rng = new Rng(7);
  const data = new Float32Array(batch * 3 * size * size);
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform() * 2 - 1;
  return data;
}

/**
 * Opens the tower as the product does (all graph optimisations) on `provider` alone (no CPU fallback, so a figure is
 * never silently the CPU's); threads 0 = onnxruntime's default.
 */
export async function openTower(dir: string, layout: Layout, threads: number, provider = 'cpu'): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(join(dir, FILE[layout]), {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    ...(threads > 0 ? { intraOpNumThreads: threads } : {}),
  });
}

/** Photos per second of `sessions` running side by side, each feeding `batch` images per run, after one warm-up run each. */
export async function throughput(
  sessions: ort.InferenceSession[],
  layout: Layout,
  batch: number,
  size: number,
  budgetMs: number,
  minRuns: number,
): Promise<number> {
  const feed = { [INPUT[layout]]: new ort.Tensor('float32', pixels(batch, size), [batch, 3, size, size]) };
  await Promise.all(sessions.map((s) => s.run(feed)));
  const t0 = now();
  let photos = 0;
  await Promise.all(
    sessions.map(async (s) => {
      for (let runs = 0; runs < minRuns || now() - t0 < budgetMs; runs++) {
        await s.run(feed);
        photos += batch;
      }
    }),
  );
  return (photos / (now() - t0)) * 1000;
}

/** Measures Xenova threads {1,2} × batch {1,2,4,8}, Immich (batch fixed at 1) threads {1,2,default}, and 2×1-thread Immich sessions. */
export const run: BenchFn = async (ctx) => {
  const model = await ensureBenchModel(ctx.root, ctx.quick);
  const budget = ctx.quick ? 1000 : 4000;
  const minRuns = ctx.quick ? 1 : 2;
  const figures: Figure[] = [];
  const add = (key: string, label: string, value: number): void => void figures.push({ key, label, value, unit: 'photos/s' });
  let best = { xenova: { v: 0, at: '' }, immich: { v: 0, at: '' } };
  const note = (layout: Layout, v: number, at: string): void => {
    if (v > best[layout].v) best = { ...best, [layout]: { v, at } };
  };
  for (const threads of [1, 2]) {
    const session = await openTower(model.xenova, 'xenova', threads);
    for (const batch of [1, 2, 4, 8]) {
      const v = await throughput([session], 'xenova', batch, model.imageSize, budget, minRuns);
      add(`limit.xenova.t${threads}.b${batch}`, `limit xenova fp32, ${threads} thread(s), batch ${batch}`, v);
      note('xenova', v, `${threads} thread(s), batch ${batch}`);
    }
    await session.release();
  }
  for (const threads of [1, 2, 0]) {
    const session = await openTower(model.immich, 'immich', threads);
    const v = await throughput([session], 'immich', 1, model.imageSize, budget, minRuns);
    const label = threads === 0 ? 'default threads (what the product runs)' : `${threads} thread(s)`;
    add(`limit.immich.t${threads || 'default'}.b1`, `limit immich fp32, ${label}, batch 1`, v);
    note('immich', v, label);
    await session.release();
  }
  const pair = [await openTower(model.immich, 'immich', 1), await openTower(model.immich, 'immich', 1)];
  const v = await throughput(pair, 'immich', 1, model.imageSize, budget, minRuns);
  add('limit.immich.2x1', 'limit immich fp32, 2 sessions × 1 thread side by side', v);
  note('immich', v, '2 sessions × 1 thread');
  await Promise.all(pair.map((s) => s.release()));
  add('limit.xenova.best', 'LIMIT xenova (best setting)', best.xenova.v);
  add('limit.immich.best', 'LIMIT immich (best setting)', best.immich.v);
  return {
    name: 'model limit: vision tower on ready tensors (raw onnxruntime, cpu)',
    figures,
    notes: [
      `best xenova: ${best.xenova.at}; best immich: ${best.immich.at}`,
      `each setting: one warm-up run, then at least ${minRuns} run(s) and ${budget / 1000} s; ${model.visionGflops.toFixed(1)} GFLOPs/image, ${model.layers} layers`,
      'int8 figures: see the int8 section',
    ],
  };
};
