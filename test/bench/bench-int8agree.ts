/**
 * int8 vs fp32 agreement of image and text embeddings, measured by the product's own guard (quantize-model.ts +
 * quality-guard.ts): on the trained world SigLIP with held-out photos and captions, and on the shape-true B/16.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { decodePhoto } from '../../main/core/media/decode.js';
import { readModelFolder } from '../../main/core/ml/model-folder.js';
import { checkInt8Quality, type GuardResult } from '../../main/core/ml/quantize/quality-guard.js';
import { quantizeModelFolder } from '../../main/core/ml/quantize/quantize-model.js';
import { WORLD_MODELS } from '../world/world-catalog.js';
import { worldSet } from '../world/world-set.js';
import { ensureBenchModel } from './bench-model.js';
import type { BenchFn, Figure } from './types.js';

type Triple = [number, number, number];

/** Quantizes a copy of `source` (every weight, as the small world model needs) and runs the guard on it. */
async function agreement(
  source: string,
  images: (size: number, mean: Triple, std: Triple) => Promise<Float32Array[]>,
  prompts?: string[],
): Promise<GuardResult> {
  const dir = await mkdtemp(join(os.tmpdir(), 'shoebox-bench-int8agree-'));
  try {
    await cp(source, dir, { recursive: true });
    const reference = await readModelFolder(dir, 'fp32');
    await quantizeModelFolder(reference, { minElements: 0 });
    const candidate = await readModelFolder(dir, 'int8');
    return await checkInt8Quality(reference, candidate, {
      images: await images(reference.imageSize, reference.mean, reference.std),
      ...(prompts ? { prompts } : {}),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function figures(prefix: string, label: string, g: GuardResult): Figure[] {
  const f = (key: string, what: string, value: number | undefined): Figure => ({
    key: `int8agree.${prefix}.${key}`,
    label: `${label}: ${what}`,
    value: value ?? Number.NaN,
    unit: 'cos',
  });
  return [
    f('image.mean', 'image embeddings int8 vs fp32, mean cosine', g.vision?.meanCosine),
    f('image.min', 'image embeddings, lowest cosine', g.vision?.minCosine),
    f('text.mean', 'text embeddings int8 vs fp32, mean cosine', g.text?.meanCosine),
    f('text.min', 'text embeddings, lowest cosine', g.text?.minCosine),
  ];
}

export const run: BenchFn = async (ctx) => {
  const world = worldSet(ctx.quick ? 16 : 64);
  const captions = [...new Set(world.photos.flatMap((p) => [...p.captions.en, ...p.captions.de, ...p.captions.fr]))].slice(0, 96);
  const worldGuard = await agreement(
    join(WORLD_MODELS, 'immich'),
    async (tensorSize, mean, std) =>
      Promise.all(
        world.photos.map(async (p) => (await decodePhoto(join(world.dir, p.file), { tensorSize, mean, std, thumbPath: null })).tensor),
      ),
    captions,
  );
  const bench = await ensureBenchModel(ctx.root, ctx.quick);
  const benchGuard = await agreement(bench.immich, async () => []);
  return {
    name: 'int8 vs fp32 agreement (the product guard: our int8 transform, every weight quantized)',
    figures: [
      ...figures(
        'world',
        `trained world SigLIP, ${world.photos.length} held-out photos + ${captions.length} captions (en/de/fr)`,
        worldGuard,
      ),
      ...figures('b16', 'shape-true B/16 (random weights), stand-in images + calibration captions', benchGuard),
    ],
    notes: [
      `guard verdicts: world — ${worldGuard.message} · B/16 — ${benchGuard.message}`,
      "The guard keeps int8 only at mean cosine ≥ 0.99 per tower and ≥ 0.95 for every sample; the app runs it on 8 of the person's own photos.",
    ],
  };
};
