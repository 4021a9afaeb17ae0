/** Shoebox's loading, tokenizer, decode and towers against the reference code's outputs for the trained world SigLIP. */
import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePhoto } from '../../main/core/media/decode.js';
import { readModelFolder, type ModelFolder } from '../../main/core/ml/model-folder.js';
import { TextTower } from '../../main/core/ml/text-tower.js';
import { SiglipTokenizer } from '../../main/core/ml/tokenizer.js';
import { VisionTower } from '../../main/core/ml/vision-tower.js';
import { CORPUS, cosineOf, GOLDEN, WORLD_MODELS, type ReferenceName } from './golden-helpers.js';

/** Text embeddings must agree with the reference to this cosine (float32 noise only). */
const TEXT_COS = 0.9999;
/** Image embeddings: decode and resize differ from PIL by rounding, nothing more. */
const IMAGE_COS = 0.999;

const LAYOUTS: [layout: 'xenova' | 'immich', reference: ReferenceName][] = [
  ['xenova', 'transformers'],
  ['immich', 'open_clip'],
];

describe.each(LAYOUTS)('the %s export against %s', (layout, reference) => {
  const golden = GOLDEN[reference];
  let folder: ModelFolder;
  let tokenizer: SiglipTokenizer;
  let text: TextTower;
  let vision: VisionTower;
  const imageCosines: { file: string; cos: number }[] = [];

  beforeAll(async () => {
    folder = await readModelFolder(join(WORLD_MODELS, layout));
    tokenizer = await SiglipTokenizer.load(folder.tokenizerPath, folder.tokenizerConfigPath, folder.contextLength, folder.layout);
    text = await TextTower.open(folder, { provider: 'cpu', threads: 1 });
    vision = await VisionTower.open(folder, { provider: 'cpu', threads: 1 });
  });
  afterAll(async () => {
    const worst = imageCosines.reduce((a, b) => (b.cos < a.cos ? b : a), { file: '-', cos: 1 });
    console.log(`${layout} images: min cos ${worst.cos.toFixed(6)} (${worst.file}) over ${imageCosines.length} files`);
    await text?.release();
    await vision?.release();
  });

  it.each(golden.queries.map((q) => [JSON.stringify(q.text).slice(0, 60), q] as const))('token ids of %s are the reference ids', (_, q) => {
    expect(tokenizer.encode(q.text)).toEqual(q.ids);
  });

  it('embeds every query like the reference', async () => {
    const vectors = await text.embed(golden.queries.map((q) => q.text));
    const cosines = golden.queries.map((q, i) => ({ text: q.text, cos: cosineOf(vectors[i]!, q.embedding) }));
    const worst = cosines.reduce((a, b) => (b.cos < a.cos ? b : a));
    console.log(
      `${layout} text: min cos ${worst.cos.toFixed(6)} (${JSON.stringify(worst.text).slice(0, 40)}) over ${cosines.length} queries`,
    );
    expect(cosines.filter((c) => !(c.cos >= TEXT_COS))).toEqual([]);
  });

  it.each(golden.images.map((img) => [img.file, img] as const))('%s embeds like the reference', async (file, img) => {
    const photo = await decodePhoto(join(CORPUS, file), {
      tensorSize: folder.imageSize,
      mean: folder.mean,
      std: folder.std,
      thumbPath: null,
    });
    const [vector] = await vision.embed([photo.tensor]);
    const cos = cosineOf(vector!, img.embedding);
    imageCosines.push({ file, cos });
    console.log(`${layout} image ${file}: cos ${cos.toFixed(6)}${img.note ? ` (${img.note})` : ''}`);
    expect(cos).toBeGreaterThanOrEqual(IMAGE_COS);
  });
});

describe('files the references cannot read', () => {
  it('are exactly the corpus HEIC files (PIL has no HEVC decoder)', () => {
    const heic = readdirSync(CORPUS)
      .filter((name) => extname(name).toLowerCase() === '.heic')
      .sort();
    expect(GOLDEN.unreadable.map((u) => u.file).sort()).toEqual(heic);
  });
});
