/** VisionTower and TextTower on both fixture layouts through real onnxruntime-node sessions. */
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readModelFolder, type ModelFolder } from '../../main/core/ml/model-folder.js';
import { cosine } from '../../main/core/ml/scores.js';
import { TextTower } from '../../main/core/ml/text-tower.js';
import { VisionTower } from '../../main/core/ml/vision-tower.js';
import { COLOURS } from '../fixtures/colours.js';
import { fixtures } from '../helpers/fixtures.js';

/** A flat CHW image of one sRGB colour, normalised with the folder's mean and std. */
function flatImage(folder: ModelFolder, rgb: readonly number[]): Float32Array {
  const plane = folder.imageSize * folder.imageSize;
  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) out.fill((rgb[c]! / 255 - folder.mean[c]!) / folder.std[c]!, c * plane, (c + 1) * plane);
  return out;
}

const rgbOf = (name: string): [number, number, number] => COLOURS.find((c) => c.name === name)!.rgb;
const norm = (v: Float32Array): number => Math.hypot(...v);

/** Every onnxruntime session's `run` lives on this prototype (the d.ts types the class as a factory). */
const sessionPrototype = (ort.InferenceSession as unknown as { prototype: ort.InferenceSession }).prototype;

/** Feeds of every session.run call made while `fn` runs. */
async function recordRuns(fn: () => Promise<unknown>): Promise<Record<string, ort.Tensor>[]> {
  const spy = vi.spyOn(sessionPrototype, 'run');
  try {
    await fn();
    return spy.mock.calls.map((call) => call[0] as Record<string, ort.Tensor>);
  } finally {
    spy.mockRestore();
  }
}

describe.each(['immich', 'xenova'] as const)('%s towers', (layout) => {
  let folder: ModelFolder;
  let vision: VisionTower;
  let text: TextTower;

  beforeAll(async () => {
    const fx = await fixtures();
    folder = await readModelFolder(layout === 'immich' ? fx.immichModel : fx.xenovaModel);
    vision = await VisionTower.open(folder, { provider: 'cpu', threads: 1 });
    text = await TextTower.open(folder, { provider: 'cpu', threads: 1 });
  });
  afterAll(async () => {
    await vision.release();
    await text.release();
  });

  it('reads sizes and batch limits from the session', async () => {
    const info = (await fixtures()).models[layout];
    expect(vision.provider).toBe('cpu');
    expect(vision.imageSize).toBe(info.imageSize);
    expect(vision.dim).toBe(info.embedDim);
    expect(text.dim).toBe(info.embedDim);
    // Immich fixes the batch at 1; the Xenova export leaves it dynamic, and on the CPU 4 run together.
    expect(vision.maxBatch).toBe(layout === 'immich' ? 1 : 4);
  });

  it('embeds a batch of 5 into normalised vectors, in order, in as many runs as the batch limit needs', async () => {
    const names = ['red', 'green', 'blue', 'yellow', 'red'];
    let vectors: Float32Array[] = [];
    const runs = await recordRuns(async () => {
      vectors = await vision.embed(names.map((n) => flatImage(folder, rgbOf(n))));
    });
    expect(runs).toHaveLength(Math.ceil(5 / vision.maxBatch));
    expect(vectors).toHaveLength(5);
    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 5);
    expect(cosine(vectors[0]!, vectors[4]!)).toBeCloseTo(1, 5);
    expect(cosine(vectors[0]!, vectors[2]!)).toBeLessThan(0.9);
  });

  it('puts a red image closer to "red" than to "blue"', async () => {
    const [red] = await vision.embed([flatImage(folder, rgbOf('red'))]);
    const [wordRed, wordBlue] = await text.embed(['red', 'blue']);
    for (const v of [wordRed!, wordBlue!]) expect(norm(v)).toBeCloseTo(1, 5);
    expect(cosine(red!, wordRed!)).toBeGreaterThan(cosine(red!, wordBlue!) + 0.1);
  });

  it('feeds ids in the dtype the export declares', async () => {
    const runs = await recordRuns(() => text.embed([`a ${layout} photo of a car`]));
    const feeds = Object.values(runs[0]!);
    expect(feeds).toHaveLength(1);
    expect(feeds[0]!.type).toBe(layout === 'immich' ? 'int32' : 'int64');
    expect(feeds[0]!.dims).toEqual([1, 64]);
  });

  it('serves a repeated query from the cache', async () => {
    const query = `${layout} green tree`;
    let first: Float32Array[] = [];
    let second: Float32Array[] = [];
    const firstRuns = await recordRuns(async () => (first = await text.embed([query])));
    const secondRuns = await recordRuns(async () => (second = await text.embed([query, `  ${query.toUpperCase()}!`])));
    expect(firstRuns).toHaveLength(1);
    expect(secondRuns).toHaveLength(0);
    expect(second[0]).toEqual(first[0]);
    expect(second[1]).toEqual(first[0]);
  });

  it('embeds more texts in one call than the cache holds', async () => {
    const texts = Array.from({ length: 600 }, (_, i) => `${layout} photo number ${i}`);
    const vectors = await text.embed(texts);
    expect(vectors).toHaveLength(600);
    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 5);
    const [again] = await text.embed([texts[599]!]);
    expect(again).toEqual(vectors[599]);
  });
});
