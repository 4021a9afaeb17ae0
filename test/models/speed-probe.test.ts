// The GPU speed probe behind the Large 384 suggestion: with no GPU it finds nothing to compare and the default stays.
import { describe, expect, it } from 'vitest';
import { readModelFolder } from '../../main/core/ml/model-folder.js';
import { DEFAULT_MODEL_ID, recommendModel } from '../../main/core/ml/recommend.js';
import { probeGpuSpeed } from '../../main/core/ml/speed-probe.js';
import { fixtures } from '../helpers/fixtures.js';

describe('GPU speed probe', () => {
  it.each(['cpu', 'webgpu', 'cuda', 'auto'] as const)('reports nothing when %s ends up on the CPU', async (provider) => {
    const folder = await readModelFolder((await fixtures()).immichModel);
    const speed = await probeGpuSpeed(folder, provider, 2);
    expect(speed).toBeNull();
    expect(recommendModel({ gpuProvider: speed?.provider ?? null, gpuSpeedup: speed?.speedup ?? null, language: 'en-US' }).id).toBe(
      DEFAULT_MODEL_ID,
    );
  });
});
