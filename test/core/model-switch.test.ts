// Switching models: the new one re-embeds in the background while search keeps answering with the previous one.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchPage } from '../../preload/contract.js';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

function redFirst(page: SearchPage, fx: FixtureManifest): boolean {
  const reds = fx.photosManifest.photos.filter((p) => p.colour === 'red').map((p) => p.file);
  const top = page.hits.slice(0, reds.length).map((h) => h.photo.path);
  return reds.every((file) => top.some((path) => path.endsWith(file)));
}

describe('switching models', () => {
  let fx: FixtureManifest;
  let t: TestCore;
  let first: string;
  let second: string;

  beforeAll(async () => {
    fx = await fixtures();
    t = await tempCore();
    first = must(await t.core.api.importModel(fx.immichModel)).id;
    second = must(await t.core.api.importModel(fx.xenovaModel)).id;
    must(await t.core.api.useModel(first));
    must(await t.core.api.addFolder(await t.copyIn(fx.photos, 'photos')));
    await t.core.idle();
  });
  afterAll(() => t.cleanup());

  it('keeps answering with the previous model until the new one covers the library', async () => {
    const before = must(await t.core.api.search({ query: 'red', includeWeak: true }));
    expect(before.modelId).toBe(first);
    expect(redFirst(before, fx)).toBe(true);

    must(await t.core.api.pauseIndexing());
    must(await t.core.api.useModel(second));
    const status = must(await t.core.api.status());
    expect(status.model?.id).toBe(second);
    expect(status.servingModelId).toBe(first);
    expect(status.counts.pending).toBeGreaterThan(0);
    const during = must(await t.core.api.search({ query: 'red', includeWeak: true }));
    expect(during.modelId).toBe(first);
    expect(redFirst(during, fx)).toBe(true);

    // Searches keep succeeding while the re-embed runs.
    must(await t.core.api.resumeIndexing());
    const answers: SearchPage[] = [];
    const idle = t.core.idle();
    let finished = false;
    void idle.then(() => (finished = true));
    while (!finished) answers.push(must(await t.core.api.search({ query: 'red', includeWeak: true })));
    await idle;
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.every((a) => redFirst(a, fx))).toBe(true);

    const after = must(await t.core.api.search({ query: 'red', includeWeak: true }));
    expect(after.modelId).toBe(second);
    expect(redFirst(after, fx)).toBe(true);
    expect(must(await t.core.api.status()).counts.indexed).toBe(fx.photosManifest.photos.length);
  });

  it('removing a model frees its files and embeddings', async () => {
    must(await t.core.api.removeModel(first));
    const models = must(await t.core.api.listModels());
    expect(models.find((m) => m.id === first)).toBeUndefined();
    expect(must(await t.core.api.search({ query: 'red' })).modelId).toBe(second);
  });

  it('a damaged model folder does not keep the library from opening, and says what is wrong', async () => {
    await rm(join(t.paths.modelsDir, second, 'tokenizer.json'));
    const core = await t.reopen();
    expect(must(await core.api.status()).counts.photos).toBeGreaterThan(0);
    const used = await core.api.useModel(second);
    expect(used.ok).toBe(false);
    if (!used.ok) expect(used.error.message).toMatch(/tokenizer\.json is missing/);
  });
});
