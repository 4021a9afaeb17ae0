/** Reading logit_scale / logit_bias from a checkpoint on (a fake) Hugging Face with a handful of small Range requests. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../main/core/ml/http.js';
import type { HuggingFace } from '../../main/core/ml/hugging-face.js';
import { decodeScalar, readLogitScalars } from '../../main/core/ml/safetensors.js';
import { startFakeHuggingFace, type FakeHuggingFace } from './fake-hugging-face.js';
import { huggingFaceFor } from './harness.js';
import { bf16, buildSafetensors, f16, f32 } from './safetensors-builder.js';

let fake: FakeHuggingFace;
let hf: HuggingFace;
let http: HttpClient;

beforeAll(async () => {
  fake = await startFakeHuggingFace();
  ({ hf, http } = huggingFaceFor(fake));
});
afterAll(async () => {
  await http.close();
  await fake.close();
});

describe('readLogitScalars', () => {
  it('reads F32 scalars placed among big tensors, fetching only a few KB', async () => {
    const big = randomBytes(1_000_000);
    fake.addRepo('google/siglip-f32', {
      'config.json': Buffer.from('{}'),
      'model.safetensors': buildSafetensors({
        'text_model.embeddings.weight': { dtype: 'F32', shape: [250_000], data: big },
        logit_bias: { dtype: 'F32', shape: [1], data: f32(-12.932437) },
        'vision_model.head.weight': { dtype: 'F32', shape: [250_000], data: big },
        logit_scale: { dtype: 'F32', shape: [1], data: f32(Math.log(117.330765)) },
      }),
    });
    const s = await readLogitScalars(hf, 'google/siglip-f32');
    expect(s.logitScaleLog).toBeCloseTo(Math.log(117.330765), 5);
    expect(Math.exp(s.logitScaleLog)).toBeCloseTo(117.330765, 3);
    expect(s.logitBias).toBeCloseTo(-12.932437, 5);
    const served = fake.stats.bytesServed.get('google/siglip-f32/model.safetensors') ?? 0;
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThan(10_000);
    const ranges = fake.stats.ranges.get('google/siglip-f32/model.safetensors') ?? [];
    expect(ranges[0]).toBe('bytes=0-7');
    expect(ranges.length).toBeGreaterThanOrEqual(4);
  });

  it('reads F16 scalars under a prefix (model.logit_scale)', async () => {
    fake.addRepo('google/siglip-f16', {
      'model.safetensors': buildSafetensors({
        'model.logit_scale': { dtype: 'F16', shape: [1], data: f16(4.7188) },
        'model.other': { dtype: 'F16', shape: [4], data: f16(1, 2, 3, 4) },
        'model.logit_bias': { dtype: 'F16', shape: [1], data: f16(-16.5) },
      }),
    });
    const s = await readLogitScalars(hf, 'google/siglip-f16');
    expect(s.logitScaleLog).toBeCloseTo(4.7188, 2);
    expect(s.logitBias).toBe(-16.5);
  });

  it('follows a shard index when there is no single model.safetensors', async () => {
    fake.addRepo('google/siglip-sharded', {
      'model.safetensors.index.json': Buffer.from(
        JSON.stringify({ weight_map: { logit_scale: 'model-00002-of-00002.safetensors', logit_bias: 'model-00002-of-00002.safetensors' } }),
      ),
      'model-00002-of-00002.safetensors': buildSafetensors({
        logit_scale: { dtype: 'BF16', shape: [1], data: bf16(4.75) },
        logit_bias: { dtype: 'BF16', shape: [1], data: bf16(-10) },
      }),
    });
    expect(await readLogitScalars(hf, 'google/siglip-sharded')).toEqual({ logitScaleLog: 4.75, logitBias: -10 });
  });

  it('says which tensor is missing', async () => {
    fake.addRepo('google/no-bias', { 'model.safetensors': buildSafetensors({ logit_scale: { dtype: 'F32', shape: [1], data: f32(2) } }) });
    await expect(readLogitScalars(hf, 'google/no-bias')).rejects.toThrow(/no tensor "logit_bias"/);
  });

  it('reports a missing checkpoint repository as not found', async () => {
    await expect(readLogitScalars(hf, 'google/absent')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('decodeScalar', () => {
  it('decodes F32, F16 and BF16 (including subnormal halves)', () => {
    expect(decodeScalar(f32(-12.5), 'F32')).toBe(-12.5);
    expect(decodeScalar(f16(0.333), 'F16')).toBeCloseTo(0.333, 3);
    expect(decodeScalar(Buffer.from([0x01, 0x00]), 'F16')).toBeCloseTo(2 ** -24, 30);
    expect(decodeScalar(bf16(-3.5), 'BF16')).toBe(-3.5);
    expect(() => decodeScalar(Buffer.alloc(8), 'I64')).toThrow(/unsupported dtype/);
  });
});
