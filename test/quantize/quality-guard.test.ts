/** The int8 quality guard on the fixture models: accepts a good conversion, rejects damaged or unloadable ones. */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFolder, type ModelFolder } from '../../main/core/ml/model-folder.js';
import { checkInt8Quality, DEFAULT_MEAN_COSINE } from '../../main/core/ml/quantize/quality-guard.js';
import { quantizeModelFolder, withTowers, type QuantizedFolder } from '../../main/core/ml/quantize/quantize-model.js';
import { choosePrecision } from '../../main/core/ml/quantize/precision.js';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';
import { copyModel, damageInt8Model, photoTensors } from './helpers.js';

let fx: FixtureManifest;
let dir: string;
let folder: ModelFolder;
let int8: QuantizedFolder;
let photos: Float32Array[];

beforeAll(async () => {
  fx = await fixtures();
  dir = await copyModel(fx.immichModel);
  folder = await readModelFolder(dir, 'fp32');
  int8 = await quantizeModelFolder(folder, { minElements: 0 });
  photos = await photoTensors(fx, folder, 12);
});
afterAll(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true });
});

describe('int8 quality guard', () => {
  it('keeps a good int8 conversion and says how well it agrees', async () => {
    const result = await checkInt8Quality(folder, withTowers(folder, int8), { images: photos });
    console.log(`guard on good int8: ${result.message}`);
    expect(result.accepted).toBe(true);
    expect(result.meanCosine).toBeGreaterThanOrEqual(DEFAULT_MEAN_COSINE);
    expect(result.minCosine).toBeLessThanOrEqual(result.meanCosine);
    expect(result.samples).toBe(photos.length + result.text!.samples);
    expect(result.message).toMatch(/^int8 kept/);
    expect(result.message).toContain(`${photos.length} photos`);
    const choice = choosePrecision({ setting: 'auto', provider: 'cpu', available: ['fp32', 'int8'], guard: result });
    expect(choice.precision).toBe('int8');
    expect(choice.reason).toContain(`agreement ${result.meanCosine.toFixed(3)}`);
  });

  it('rejects a damaged int8 conversion, falls back to fp32 and says why', async () => {
    const damaged = join(dir, 'visual', 'model_damaged.onnx');
    await damageInt8Model(int8.visionPath, damaged, 'shuffle');
    const result = await checkInt8Quality(folder, withTowers(folder, { visionPath: damaged, textPath: int8.textPath }), { images: photos });
    console.log(`guard on damaged int8: ${result.message}`);
    expect(result.accepted).toBe(false);
    expect(result.vision!.meanCosine).toBeLessThan(0.9);
    expect(result.text!.meanCosine).toBeGreaterThan(0.99);
    expect(result.message).toMatch(/^int8 rejected, staying on fp32: the vision tower agrees only/);
    const choice = choosePrecision({ setting: 'auto', provider: 'cpu', available: ['fp32', 'int8'], guard: result });
    expect(choice).toEqual({
      precision: 'fp32',
      reason: `fp32 on CPU: int8 was rejected (agreement ${result.meanCosine.toFixed(3)} with fp32 is too low)`,
    });
  });

  it('rejects int8 towers that cannot be loaded instead of failing', async () => {
    const garbage = join(dir, 'textual', 'model_garbage.onnx');
    await writeFile(garbage, 'not a model');
    const result = await checkInt8Quality(folder, withTowers(folder, { visionPath: int8.visionPath, textPath: garbage }), {
      images: photos,
    });
    expect(result.accepted).toBe(false);
    expect(result.message).toMatch(/^int8 rejected, staying on fp32: the int8 towers cannot run/);
  });

  it('uses stand-in images when there are no photos yet, and a stricter bar can reject', async () => {
    const result = await checkInt8Quality(
      folder,
      withTowers(folder, int8),
      { images: [], prompts: ['red', 'blue car'] },
      { meanCosine: 1.000001 },
    );
    expect(result.vision!.samples).toBeGreaterThan(0);
    expect(result.text!.samples).toBe(2);
    expect(result.accepted).toBe(false);
    expect(result.message).toContain('stand-in images');
  });

  it('checks a downloaded transformers.js quantized variant against its fp32 towers', async () => {
    const reference = await readModelFolder(fx.xenovaModel, 'fp32');
    const quantized = await readModelFolder(fx.xenovaModel, 'int8');
    const images = await photoTensors(fx, reference, 12);
    const result = await checkInt8Quality(reference, quantized, { images });
    console.log(`guard on the Xenova fixture's *_quantized.onnx: ${result.message}`);
    expect(result.samples).toBe(images.length + result.text!.samples);
    expect(result.meanCosine).toBeGreaterThan(0);
    expect(result.accepted).toBe(
      result.vision!.meanCosine >= DEFAULT_MEAN_COSINE && result.text!.meanCosine >= DEFAULT_MEAN_COSINE && result.minCosine >= 0.95,
    );
  });
});
