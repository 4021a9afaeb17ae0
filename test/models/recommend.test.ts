/** The recommendation: Base Multilingual 256 unless English on a GPU that measured clearly faster than the CPU. */
import { describe, expect, it } from 'vitest';
import { loadModelList } from '../../main/core/ml/model-list.js';
import { DEFAULT_MODEL_ID, LARGE_MODEL_ID, MIN_GPU_SPEEDUP, recommendModel } from '../../main/core/ml/recommend.js';

describe('recommendModel', () => {
  it('suggests Large 384 for English with a clearly faster GPU', () => {
    const r = recommendModel({ gpuProvider: 'cuda', gpuSpeedup: 9.5, language: 'en-GB' });
    expect(r.id).toBe(LARGE_MODEL_ID);
    expect(r.reason).toContain('9.5×');
  });
  it('keeps the default without a GPU, with a slow one, without a measurement, or for other languages', () => {
    expect(recommendModel({ gpuProvider: null, gpuSpeedup: null, language: 'en' }).id).toBe(DEFAULT_MODEL_ID);
    expect(recommendModel({ gpuProvider: 'webgpu', gpuSpeedup: MIN_GPU_SPEEDUP - 0.1, language: 'en' }).id).toBe(DEFAULT_MODEL_ID);
    expect(recommendModel({ gpuProvider: 'dml', gpuSpeedup: null, language: 'en-US' }).id).toBe(DEFAULT_MODEL_ID);
    const de = recommendModel({ gpuProvider: 'cuda', gpuSpeedup: 20, language: 'de-DE' });
    expect(de.id).toBe(DEFAULT_MODEL_ID);
    expect(de.reason).toMatch(/not English/);
    expect(recommendModel({ gpuProvider: 'coreml', gpuSpeedup: MIN_GPU_SPEEDUP, language: 'EN_us' }).id).toBe(LARGE_MODEL_ID);
  });
  it('only ever names listed models', () => {
    const ids = loadModelList().models.map((m) => m.id);
    expect(ids).toContain(DEFAULT_MODEL_ID);
    expect(ids).toContain(LARGE_MODEL_ID);
    expect(loadModelList().defaultModel).toBe(DEFAULT_MODEL_ID);
  });
});
