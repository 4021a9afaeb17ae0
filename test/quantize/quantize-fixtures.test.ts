/** The int8 transform on the tiny fixture models of both layouts: valid graphs whose embeddings agree with fp32. */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readModelFolder } from '../../main/core/ml/model-folder.js';
import { readOnnxModel } from '../../main/core/ml/quantize/onnx-io.js';
import {
  hasInt8Towers,
  int8TowerPath,
  quantizeModelFolder,
  removeInt8Towers,
  withTowers,
} from '../../main/core/ml/quantize/quantize-model.js';
import { TextTower } from '../../main/core/ml/text-tower.js';
import { VisionTower } from '../../main/core/ml/vision-tower.js';
import { fixtures } from '../helpers/fixtures.js';
import { copyModel, damageInt8Model, floatWeightMatMuls, mean, opCounts, pairCosines, photoTensors } from './helpers.js';

const copies: string[] = [];
afterAll(async () => {
  await Promise.all(copies.map((c) => rm(join(c, '..'), { recursive: true, force: true })));
});

const CPU = { provider: 'cpu' as const };

describe.each(['immich', 'xenova'] as const)('int8 transform on the %s fixture', (layout) => {
  it('writes int8 towers beside the fp32 ones, with integer MatMuls, and they agree with fp32', async () => {
    const fx = await fixtures();
    const dir = await copyModel(layout === 'immich' ? fx.immichModel : fx.xenovaModel);
    copies.push(dir);
    const folder = await readModelFolder(dir, 'fp32');
    const progress: [number, number, string][] = [];
    const result = await quantizeModelFolder(folder, { minElements: 0, onProgress: (d, t, tower) => progress.push([d, t, tower]) });

    expect(result.visionPath).toBe(int8TowerPath(folder.visionPath));
    expect(result.visionPath.endsWith(layout === 'immich' ? 'visual/model_int8.onnx' : 'onnx/vision_model_int8.onnx')).toBe(true);
    expect(existsSync(folder.visionPath) && existsSync(result.visionPath) && existsSync(result.textPath)).toBe(true);
    expect(progress.at(-1)?.[0]).toBe(progress.at(-1)?.[1]);
    expect(new Set(progress.map((p) => p[2]))).toEqual(new Set(['vision', 'text']));

    const ops = await opCounts(result.visionPath);
    expect(ops.get('MatMulInteger')).toBe(result.vision.quantizedNodes);
    expect(ops.get('DynamicQuantizeLinear')).toBe(result.vision.quantizedNodes);
    expect(result.vision.quantizedNodes).toBeGreaterThan(0);
    expect(floatWeightMatMuls(await readOnnxModel(result.visionPath), 0)).toEqual([]);

    const int8 = withTowers(folder, result);
    const images = await photoTensors(fx, folder, 12);
    const [fp32Vision, int8Vision] = await Promise.all([VisionTower.open(folder, CPU), VisionTower.open(int8, CPU)]);
    const visionCos = pairCosines(await fp32Vision.embed(images), await int8Vision.embed(images));
    const [fp32Text, int8Text] = await Promise.all([TextTower.open(folder, CPU), TextTower.open(int8, CPU)]);
    const captions = ['red car', 'a blue square', 'green', 'purple triangle on yellow'];
    const textCos = pairCosines(await fp32Text.embed(captions), await int8Text.embed(captions));
    await Promise.all([fp32Vision, int8Vision, fp32Text, int8Text].map((t) => t.release()));
    console.log(
      `${layout} fixture int8 vs fp32: vision mean ${mean(visionCos).toFixed(5)} min ${Math.min(...visionCos).toFixed(5)}; text mean ${mean(textCos).toFixed(5)}`,
    );
    expect(mean(visionCos)).toBeGreaterThan(0.99);
    expect(Math.min(...textCos)).toBeGreaterThan(0.99);
  });

  it('a deliberately broken conversion (shuffled output columns) disagrees with fp32', async () => {
    const fx = await fixtures();
    const dir = await copyModel(layout === 'immich' ? fx.immichModel : fx.xenovaModel);
    copies.push(dir);
    const folder = await readModelFolder(dir, 'fp32');
    const result = await quantizeModelFolder(folder, { minElements: 0 });
    const broken = join(dir, 'broken_vision.onnx');
    await damageInt8Model(result.visionPath, broken, 'shuffle');
    const images = await photoTensors(fx, folder, 12);
    const [fp32, bad] = await Promise.all([
      VisionTower.open(folder, CPU),
      VisionTower.open(withTowers(folder, { visionPath: broken, textPath: result.textPath }), CPU),
    ]);
    const cos = pairCosines(await fp32.embed(images), await bad.embed(images));
    await Promise.all([fp32.release(), bad.release()]);
    console.log(`${layout} fixture, shuffled int8 columns vs fp32: vision mean ${mean(cos).toFixed(5)}`);
    expect(mean(cos)).toBeLessThan(0.9);
  });
});

describe('int8 transform size cut-off', () => {
  it('leaves matrices below minElements in float32 and reports them', async () => {
    const fx = await fixtures();
    const dir = await copyModel(fx.immichModel);
    copies.push(dir);
    const folder = await readModelFolder(dir, 'fp32');
    const result = await quantizeModelFolder(folder, { minElements: 100 });
    const model = await readOnnxModel(result.visionPath);
    const small = floatWeightMatMuls(model, 0);
    expect(small.length).toBe(result.vision.floatNodes);
    expect(result.vision.quantizedNodes).toBeGreaterThan(0);
    expect(result.vision.floatNodes).toBeGreaterThan(0);
    expect(floatWeightMatMuls(model, 100)).toEqual([]);
  });
});

describe('int8 towers on disk', () => {
  it('are found beside the fp32 towers and can be removed again, leaving fp32 alone', async () => {
    const fx = await fixtures();
    const dir = await copyModel(fx.immichModel);
    copies.push(dir);
    const folder = await readModelFolder(dir, 'fp32');
    expect(await hasInt8Towers(folder)).toBe(false);
    await quantizeModelFolder(folder, { minElements: 0 });
    expect(await hasInt8Towers(folder)).toBe(true);
    await removeInt8Towers(folder);
    expect(await hasInt8Towers(folder)).toBe(false);
    expect(existsSync(join(dir, 'visual', 'model_int8.onnx'))).toBe(false);
    expect(existsSync(folder.visionPath) && existsSync(folder.textPath)).toBe(true);
  });
});
