/** GPU providers: each one this machine can run gets its own model limit; each one it cannot is named with the reason. */
import { providerOptions } from '../../main/core/ml/provider-options.js';
import { ensureBenchModel } from './bench-model.js';
import { openTower, throughput, type Layout } from './bench-limit.js';
import type { BenchFn, Figure } from './types.js';

/** Xenova at batch 8 and Immich at batch 1 (its export takes one image), each on the GPU provider alone. */
const RUNS: { layout: Layout; batch: number }[] = [
  { layout: 'xenova', batch: 8 },
  { layout: 'immich', batch: 1 },
];

/** Measures every GPU provider available here; on a machine without one the section says so and why, with no figure. */
export const run: BenchFn = async (ctx) => {
  const model = await ensureBenchModel(ctx.root, ctx.quick);
  const budget = ctx.quick ? 1000 : 4000;
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const option of providerOptions().filter((o) => o.name !== 'cpu')) {
    if (!option.available) {
      notes.push(`${option.label}: not measured, ${option.reason ?? 'not available here'}`);
      continue;
    }
    for (const { layout, batch } of RUNS) {
      try {
        const session = await openTower(layout === 'xenova' ? model.xenova : model.immich, layout, 0, option.name);
        const v = await throughput([session], layout, batch, model.imageSize, budget, 2);
        await session.release();
        figures.push({
          key: `gpu.${option.name}.${layout}.b${batch}`,
          label: `limit ${layout} fp32 on ${option.label}, batch ${batch}`,
          value: v,
          unit: 'photos/s',
        });
      } catch (err) {
        notes.push(
          `${option.label}: could not run the ${layout} tower: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
        );
      }
    }
  }
  if (figures.length === 0) notes.unshift('no GPU provider runs on this machine: every figure of this run is the CPU’s');
  notes.push('the pipeline sections run with the provider setting "auto" (the product default) and name the provider it chose');
  return { name: 'GPU providers: model limit on each one this machine can run', figures, notes };
};
