/** End to end with the real fixture towers: decode → vision tower → catalog → index → text tower → search and suggest. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveEmbedding } from '../../main/core/catalog/embeddings.js';
import { decodePhoto } from '../../main/core/media/decode.js';
import { readModelFolder } from '../../main/core/ml/model-folder.js';
import { TextTower } from '../../main/core/ml/text-tower.js';
import { VisionTower } from '../../main/core/ml/vision-tower.js';
import { createSearchService, type SearchService } from '../../main/core/search/search-service.js';
import { VectorIndex } from '../../main/core/search/vector-index.js';
import { PromptEmbeddingCache } from '../../main/core/tags/prompt-embeddings.js';
import { suggestTags } from '../../main/core/tags/suggest.js';
import { tagCandidates } from '../../main/core/tags/suggestion-review.js';
import { loadVocabulary } from '../../main/core/tags/vocabulary.js';
import { fixtures } from '../helpers/fixtures.js';
import { makeCatalog, type TestCatalog } from './catalog-fixture.js';

const MODEL = 'fixture-immich';
let cat: TestCatalog;
let text: TextTower;
let service: SearchService;
const colourOf = new Map<number, string>();
const folderOf = new Map<number, string>();
const embed = (texts: string[]) => text.embed(texts.map((t) => t.toLowerCase()));
let calibration: { logitScaleLog: number; logitBias: number };

beforeAll(async () => {
  const fx = await fixtures();
  const folder = await readModelFolder(fx.immichModel);
  text = await TextTower.open(folder, { provider: 'cpu' });
  const vision = await VisionTower.open(folder, { provider: 'cpu' });
  calibration = { logitScaleLog: fx.logits.logitScale, logitBias: fx.logits.logitBias };
  cat = makeCatalog();
  const insert = cat.db.prepare(
    `INSERT INTO photos (folder_id, path, size, mtime_ms, format, added_at, updated_at) VALUES (?, ?, 1, 1, ?, 1, 1)`,
  );
  for (const p of fx.photosManifest.photos) {
    const path = join(fx.photos, p.file);
    const decoded = await decodePhoto(path, { tensorSize: folder.imageSize, thumbPath: null });
    const [vector] = await vision.embed([decoded.tensor]);
    const id = Number(insert.run(cat.folderId, path, p.format).lastInsertRowid);
    saveEmbedding(cat.db, id, MODEL, vector!, decoded.contentHash);
    colourOf.set(id, p.colour);
    folderOf.set(id, p.file.includes('/') ? p.file.slice(0, p.file.lastIndexOf('/')) : '');
  }
  await vision.release();
  const index = VectorIndex.fromCatalog(cat.db, MODEL);
  service = createSearchService({
    db: cat.db,
    getIndex: () => index,
    embedText: embed,
    getCalibration: () => calibration,
    modelId: () => MODEL,
  });
}, 120_000);
afterAll(async () => {
  await text?.release();
  cat?.close();
});

function commonest(): string {
  const counts = new Map<string, number>();
  for (const c of colourOf.values()) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
}

async function scores(query: string): Promise<Map<number, number>> {
  const r = await service.search({ query, includeWeak: true, limit: 500 });
  if (!r.ok) throw new Error(r.error.message);
  return new Map(r.value.hits.map((h) => [h.photo.id, h.score]));
}

describe('search with the real fixture towers', () => {
  it('ranks every photo of the queried colour above all others', async () => {
    for (const colour of new Set(colourOf.values())) {
      const r = await service.search({ query: `a ${colour} photo`, includeWeak: true, limit: 500 });
      if (!r.ok) throw new Error(r.error.message);
      const n = [...colourOf.values()].filter((c) => c === colour).length;
      expect(
        r.value.hits.slice(0, n).map((h) => colourOf.get(h.photo.id)),
        colour,
      ).toEqual(Array(n).fill(colour));
    }
  });

  it('demotes what a negative term names', async () => {
    const main = commonest();
    const other = [...new Set(colourOf.values())].find((c) => c !== main)!;
    const plain = await scores(`${main}, ${other}`);
    const pushed = await scores(`${main}, ${other} -${other}`);
    for (const [id, c] of colourOf) if (c === other) expect(pushed.get(id)!).toBeLessThan(plain.get(id)!);
  });

  it('combines filters with text, and finds similar photos of the same colour first', async () => {
    const colour = commonest();
    const sub = [...folderOf.values()].find((f) => f !== '')!;
    const fx = await fixtures();
    const inSub = await service.search({ query: colour, filters: { folder: join(fx.photos, sub) }, includeWeak: true, limit: 500 });
    if (!inSub.ok) throw new Error(inSub.error.message);
    expect(inSub.value.hits.length).toBe([...folderOf.values()].filter((f) => f === sub || f.startsWith(`${sub}/`)).length);
    const seed = [...colourOf].find(([, c]) => c === colour)![0];
    const n = [...colourOf.values()].filter((c) => c === colour).length - 1;
    const similar = await service.search({ similarTo: seed, includeWeak: true, limit: 500 });
    if (!similar.ok) throw new Error(similar.error.message);
    expect(similar.value.hits.slice(0, n).map((h) => colourOf.get(h.photo.id))).toEqual(Array(n).fill(colour));
  });

  it('suggests the right colour tag above wrong ones', async () => {
    const r = await suggestTags({
      db: cat.db,
      modelKey: () => MODEL,
      embedText: embed,
      calibration: async () => calibration,
      maxPerPhoto: () => 15,
      vocabulary: loadVocabulary(),
      prompts: new PromptEmbeddingCache(),
    });
    expect(r.ok).toBe(true);
    const colour = commonest();
    const name = `Colours/${colour[0]!.toUpperCase()}${colour.slice(1)}`;
    const c = tagCandidates(cat.db, { sensitivity: 0.5, calibrated: true }, name, 0, 500);
    if (!c.ok) throw new Error(c.error.message);
    const n = [...colourOf.values()].filter((x) => x === colour).length;
    expect(c.value.slice(0, n).map((x) => colourOf.get(x.photo.id))).toEqual(Array(n).fill(colour));
  });
});
