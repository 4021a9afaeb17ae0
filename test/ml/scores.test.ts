/** Cosine, L2 normalisation and the SigLIP sigmoid probability, including on real fixture embeddings. */
import { describe, expect, it } from 'vitest';
import { readModelFolder } from '../../main/core/ml/model-folder.js';
import { cosine, l2normalize, matchProbability } from '../../main/core/ml/scores.js';
import { TextTower } from '../../main/core/ml/text-tower.js';
import { VisionTower } from '../../main/core/ml/vision-tower.js';
import { fixtures } from '../helpers/fixtures.js';

describe('vector maths', () => {
  it('normalises to unit length and keeps zeros as zeros', () => {
    expect(Array.from(l2normalize(Float32Array.of(3, 4)))).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(Array.from(l2normalize(new Float32Array(3)))).toEqual([0, 0, 0]);
  });

  it('computes cosine independently of length', () => {
    expect(cosine(Float32Array.of(1, 0), Float32Array.of(5, 0))).toBe(1);
    expect(cosine(Float32Array.of(1, 0), Float32Array.of(0, 2))).toBe(0);
    expect(cosine(Float32Array.of(1, 1), Float32Array.of(-1, -1))).toBeCloseTo(-1, 12);
    expect(() => cosine(Float32Array.of(1), Float32Array.of(1, 2))).toThrow('different lengths');
  });
});

describe('matchProbability', () => {
  it('is sigmoid(exp(scale) * cos + bias) with the scale stored as a log', () => {
    const base224 = { logitScaleLog: Math.log(117.330765), logitBias: -12.932437 };
    expect(matchProbability(0.1, base224)).toBeCloseTo(0.231589, 5);
    expect(matchProbability(0.5, { logitScaleLog: Math.log(10), logitBias: -5 })).toBeCloseTo(0.5, 12);
    expect(matchProbability(-1, base224)).toBeLessThan(1e-10);
  });

  it('scores the matching colour word higher on the fixture model', async () => {
    const fx = await fixtures();
    const folder = await readModelFolder(fx.immichModel);
    const vision = await VisionTower.open(folder, { provider: 'cpu' });
    const text = await TextTower.open(folder, { provider: 'cpu' });
    try {
      const plane = folder.imageSize ** 2;
      const image = new Float32Array(3 * plane);
      [220, 30, 30].forEach((v, c) => image.fill((v / 255 - 0.5) / 0.5, c * plane, (c + 1) * plane));
      const [red] = await vision.embed([image]);
      const [wRed, wBlue] = await text.embed(['red', 'blue']);
      const cal = { logitScaleLog: fx.logits.logitScale, logitBias: fx.logits.logitBias };
      expect(matchProbability(cosine(red!, wRed!), cal)).toBeGreaterThan(0.5);
      expect(matchProbability(cosine(red!, wBlue!), cal)).toBeLessThan(0.5);
    } finally {
      await vision.release();
      await text.release();
    }
  });
});
