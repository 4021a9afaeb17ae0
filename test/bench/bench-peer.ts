/** The peer: transformers.js embedding the same photos with the same (Xenova-layout) model, one photo after another. */
import { basename, dirname } from 'node:path';
import { AutoProcessor, env, load_image, SiglipVisionModel } from '@huggingface/transformers';
import { ensureBenchModel } from './bench-model.js';
import { ensurePhotos, photoCount } from './bench-photos.js';
import { now } from './stats.js';
import type { BenchFn } from './types.js';

/** Loads processor and vision model from the local folder (remote models off) as its docs show, then embeds every photo. */
export const run: BenchFn = async (ctx) => {
  const model = await ensureBenchModel(ctx.root, ctx.quick);
  const photos = await ensurePhotos(ctx.root, photoCount(ctx.quick));
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dirname(model.xenova);
  const id = basename(model.xenova);
  const t0 = now();
  const processor = await AutoProcessor.from_pretrained(id);
  const vision = await SiglipVisionModel.from_pretrained(id, { dtype: 'fp32', device: 'cpu' });
  const loaded = now();
  let dim = 0;
  for (const file of photos.files) {
    const image = await load_image(file);
    const inputs = await processor(image);
    const { pooler_output } = (await vision(inputs)) as { pooler_output: { dims: number[] } };
    dim = pooler_output.dims.at(-1) ?? 0;
  }
  const done = now();
  if (dim !== 768) throw new Error(`transformers.js returned ${dim}-d embeddings, expected 768`);
  await vision.dispose();
  return {
    name: 'peer: transformers.js (same Xenova export, same photos; version in machine record)',
    figures: [
      {
        key: 'peer',
        label: 'PEER transformers.js: photos/s (model ready → last photo)',
        value: (photos.files.length / (done - loaded)) * 1000,
        unit: 'photos/s',
      },
      { key: 'peer.startup_s', label: 'peer: processor + model load', value: (loaded - t0) / 1000, unit: 's' },
    ],
    notes: [
      'AutoProcessor + SiglipVisionModel (dtype fp32, device cpu → onnxruntime-node) from env.localModelPath with allowRemoteModels = false; load_image → processor → model, one photo at a time, as its docs show',
    ],
  };
};
