/** Benchmark inputs: the shape-true model (both layouts) and the 12-MP photos, built once and cached. */
import { ensureBenchModel } from './bench-model.js';
import { ensurePhotos, photoCount } from './bench-photos.js';
import { now } from './stats.js';
import type { BenchFn } from './types.js';

/** Builds or reuses the model and photos; reports what it used and how long building took. */
export const run: BenchFn = async (ctx) => {
  const t0 = now();
  const model = await ensureBenchModel(ctx.root, ctx.quick);
  const modelMs = now() - t0;
  const t1 = now();
  const photos = await ensurePhotos(ctx.root, photoCount(ctx.quick));
  const photoMs = now() - t1;
  const notes = [
    `model: shape-true SigLIP-B/16-${model.imageSize}, ${model.layers} encoder layers per tower${model.layers < 12 ? ' (QUICK: fewer layers than the real 12, so every model figure is faster than the real model)' : ''}, ${model.vocab} text vocab, ${model.visionGflops.toFixed(1)} GFLOPs/image; ${model.source} (${model.dir})`,
    `photos: ${photos.files.length} × 4000×3000 JPEG q92 with EXIF, mean ${(photos.meanBytes / 1e6).toFixed(2)} MB; ${photos.generatedNow} generated now${ctx.quick ? ' (QUICK: fewer photos than the full run)' : ''}`,
  ];
  return {
    name: 'inputs',
    figures: [
      { key: 'prepare.model_s', label: 'model ready (generate or reuse)', value: modelMs / 1000, unit: 's' },
      { key: 'prepare.photos_s', label: 'photos ready (generate or reuse)', value: photoMs / 1000, unit: 's' },
    ],
    notes,
  };
};
