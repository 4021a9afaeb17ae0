/** A short speed probe: the same vision tower on the GPU provider and on the CPU, timed side by side. */
import type { ModelFolder } from './model-folder.js';
import { providerCandidates, unavailableReason, type ProviderSetting } from './session.js';
import { VisionTower } from './vision-tower.js';

/** The GPU provider that really ran and how many times faster than the CPU it was. */
export interface GpuSpeed {
  provider: string;
  speedup: number;
}

async function secondsPerRun(tower: VisionTower, runs: number): Promise<number> {
  const input = [new Float32Array(3 * tower.imageSize * tower.imageSize)];
  await tower.embed(input); // warm-up: first runs compile kernels and allocate
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await tower.embed(input);
  return (performance.now() - t0) / 1000 / runs;
}

/**
 * Times `runs` inferences on `provider` and on the CPU. Null when the provider fell back to the CPU (nothing to
 * compare) or the setting is the CPU itself.
 */
export async function probeGpuSpeed(folder: ModelFolder, provider: ProviderSetting, runs = 5): Promise<GpuSpeed | null> {
  if (providerCandidates(provider).every((p) => p === 'cpu' || unavailableReason(p) !== null)) return null;
  const gpu = await VisionTower.open(folder, { provider });
  try {
    if (gpu.provider === 'cpu') return null;
    const cpu = await VisionTower.open(folder, { provider: 'cpu' });
    try {
      const [g, c] = [await secondsPerRun(gpu, runs), await secondsPerRun(cpu, runs)];
      return { provider: gpu.provider, speedup: c / g };
    } finally {
      await cpu.release();
    }
  } finally {
    await gpu.release();
  }
}
