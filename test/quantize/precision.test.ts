/** choosePrecision: int8 on CPU once the guard accepts it, fp16/fp32 on GPUs, forced settings with honest fallbacks. */
import { describe, expect, it } from 'vitest';
import { choosePrecision } from '../../main/core/ml/quantize/precision.js';

const good = { accepted: true, meanCosine: 0.9984 };
const bad = { accepted: false, meanCosine: 0.912 };

describe('choosePrecision', () => {
  it('auto on CPU: int8 when the guard accepted it, with the measured speed-up and agreement', () => {
    expect(choosePrecision({ setting: 'auto', provider: 'cpu', available: ['fp32', 'int8'], guard: good, speedup: 3.62 })).toEqual({
      precision: 'int8',
      reason: 'int8 on CPU: 3.6× faster, agreement 0.998 with fp32',
    });
    expect(choosePrecision({ setting: 'auto', provider: 'cpu', available: ['fp32', 'int8'], guard: good }).reason).toMatch(
      /^int8 on CPU: .*agreement 0\.998/,
    );
  });

  it('auto on CPU: fp32 while int8 is unchecked, rejected or absent', () => {
    expect(choosePrecision({ setting: 'auto', provider: 'cpu', available: ['fp32', 'int8'], guard: null })).toEqual({
      precision: 'fp32',
      reason: 'fp32 on CPU: the int8 towers are not yet checked against fp32',
    });
    expect(choosePrecision({ setting: 'auto', provider: 'cpu', available: ['fp32', 'int8'], guard: bad })).toEqual({
      precision: 'fp32',
      reason: 'fp32 on CPU: int8 was rejected (agreement 0.912 with fp32 is too low)',
    });
    expect(choosePrecision({ setting: 'auto', provider: 'cpu', available: ['fp32'] }).precision).toBe('fp32');
  });

  it('auto on CPU: int8 when it is the only precision on disk', () => {
    const choice = choosePrecision({ setting: 'auto', provider: 'cpu', available: ['int8'], guard: null });
    expect(choice.precision).toBe('int8');
    expect(choice.reason).toContain('only precision');
  });

  it('auto on GPUs: fp16 first, then fp32, never int8 while a float precision exists', () => {
    expect(choosePrecision({ setting: 'auto', provider: 'cuda', available: ['fp32', 'int8', 'fp16'], guard: good })).toEqual({
      precision: 'fp16',
      reason: 'fp16 on cuda: GPUs run half precision natively',
    });
    expect(choosePrecision({ setting: 'auto', provider: 'webgpu', available: ['fp32', 'int8'], guard: good }).precision).toBe('fp32');
    expect(choosePrecision({ setting: 'auto', provider: 'dml', available: ['int8'] }).precision).toBe('int8');
  });

  it('a forced setting wins when the model has it, even over a rejecting guard, and says so', () => {
    expect(choosePrecision({ setting: 'fp32', provider: 'cpu', available: ['fp32', 'int8'], guard: good })).toEqual({
      precision: 'fp32',
      reason: 'fp32: chosen in settings',
    });
    const forced = choosePrecision({ setting: 'int8', provider: 'cuda', available: ['fp32', 'int8'], guard: bad });
    expect(forced.precision).toBe('int8');
    expect(forced.reason).toContain('below the quality bar');
  });

  it('a forced setting the model lacks falls back and explains', () => {
    expect(choosePrecision({ setting: 'int8', provider: 'cpu', available: ['fp32'] })).toEqual({
      precision: 'fp32',
      reason: 'fp32: int8 was chosen in settings but this model has no int8 towers yet',
    });
    expect(choosePrecision({ setting: 'fp32', provider: 'cpu', available: ['int8'] }).precision).toBe('int8');
  });
});
