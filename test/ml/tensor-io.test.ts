/** float16 conversion round trips and reading batch limits / dims from session metadata. */
import { describe, expect, it } from 'vitest';
import { batchLimit, floatData, floatTensor, statedDim } from '../../main/core/ml/tensor-io.js';

describe('float16 tensors', () => {
  it('round-trips exactly representable values and rounds the rest to half precision', () => {
    const values = Float32Array.from([0, 1, -2.5, 0.5, 65504, 2 ** -24, -(2 ** -14), 0.1, 1e6, 3.14159]);
    const tensor = floatTensor('float16', values, [values.length]);
    expect(tensor.type).toBe('float16');
    const back = floatData(tensor);
    expect(Array.from(back.subarray(0, 7))).toEqual([0, 1, -2.5, 0.5, 65504, 2 ** -24, -(2 ** -14)]);
    expect(back[7]).toBeCloseTo(0.0999755859375, 10);
    expect(back[8]).toBe(Infinity);
    expect(back[9]).toBe(3.140625);
  });

  it('passes float32 through unchanged', () => {
    const values = Float32Array.from([0.1, 0.2]);
    expect(floatData(floatTensor('float32', values, [2]))).toBe(values);
  });
});

describe('metadata helpers', () => {
  it('reads a fixed or symbolic batch and a stated embedding size', () => {
    expect(batchLimit({ name: 'image', type: 'float32', shape: [1, 3, 32, 32] }, 8)).toEqual({ maxBatch: 1, fixed: true });
    expect(batchLimit({ name: 'pixel_values', type: 'float32', shape: ['batch_size', 3, 48, 48] }, 8)).toEqual({
      maxBatch: 8,
      fixed: false,
    });
    expect(statedDim({ name: 'embedding', type: 'float32', shape: [1, 16] })).toBe(16);
    expect(statedDim({ name: 'pooler_output', type: 'float32', shape: ['batch_size', 'dim'] })).toBeUndefined();
  });
});
