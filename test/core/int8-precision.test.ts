// Precision 'auto' on the CPU: int8 towers made and checked on the person's machine, then used; switching back re-embeds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { getInstalled } from '../../main/core/ml/registry.js';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

describe('int8 on the CPU', () => {
  let fx: FixtureManifest;
  let t: TestCore;
  let id: string;

  beforeAll(async () => {
    fx = await fixtures();
    t = await tempCore({ precision: 'auto' });
    id = must(await t.core.api.importModel(fx.immichModel)).id;
    must(await t.core.api.addFolder(await t.copyIn(fx.photos, 'photos')));
    must(await t.core.api.useModel(id));
    await t.core.idle();
  });
  afterAll(() => t.cleanup());

  it('quantizes the fp32-only export, checks it against fp32, records the verdict and indexes with int8', async () => {
    const installed = (await getInstalled(t.paths.modelsDir, id))!;
    expect(installed.manifest.int8Guard).toMatchObject({ accepted: true });
    expect(installed.manifest.int8Guard!.meanCosine).toBeGreaterThan(0.99);
    expect(existsSync(join(installed.dir, 'visual', 'model_int8.onnx'))).toBe(true);
    expect(existsSync(join(installed.dir, 'visual', 'model.onnx'))).toBe(true);
    const preparing = t.events.filter((e) => e.event === 'jobProgress' && (e.payload as { preparing: unknown }).preparing !== null);
    expect(preparing.length).toBeGreaterThan(0);
    const status = must(await t.core.api.status());
    expect(status.model).toMatchObject({ id, precision: 'int8' });
    expect(status.model!.precisionReason).toMatch(/int8 on CPU.*agreement/);
    expect(status.counts.indexed).toBe(fx.photosManifest.photos.length);
    const page = must(await t.core.api.search({ query: 'green', includeWeak: true }));
    expect(page.modelId).toBe(`${id}@int8`);
    const greens = fx.photosManifest.photos.filter((p) => p.colour === 'green');
    for (const h of page.hits.slice(0, greens.length)) expect(greens.some((g) => h.photo.path.endsWith(g.file))).toBe(true);
  });

  it('switching precision re-embeds in the background while search keeps answering', async () => {
    must(await t.core.api.pauseIndexing());
    must(await t.core.api.updateSettings({ precision: 'fp32' }));
    const status = must(await t.core.api.status());
    expect(status.model?.precision).toBe('fp32');
    expect(status.servingModelId).toBe(`${id}@int8`);
    expect(must(await t.core.api.search({ query: 'green' })).modelId).toBe(`${id}@int8`);
    must(await t.core.api.resumeIndexing());
    await t.core.idle();
    expect(must(await t.core.api.search({ query: 'green' })).modelId).toBe(id);
  });
});

describe("int8 checked on the person's own photos", () => {
  it('a model chosen before any photo is checked on stand-ins (and says so), then again on 8 photos once they are read', async () => {
    const fx = await fixtures();
    const t = await tempCore({ precision: 'auto' });
    try {
      const id = must(await t.core.api.importModel(fx.immichModel)).id;
      must(await t.core.api.useModel(id));
      await t.core.idle();
      const first = (await getInstalled(t.paths.modelsDir, id))!.manifest.int8Guard!;
      expect(first).toMatchObject({ accepted: true, photos: 0 });
      expect(first.message).toMatch(/stand-in images.*checked again on 8 of your own photos/);

      must(await t.core.api.addFolder(await t.copyIn(fx.photos, 'photos')));
      // idle() also waits for the re-check the idle event starts, and for the re-indexing it may lead to.
      await t.core.idle();
      const guard = (await getInstalled(t.paths.modelsDir, id))!.manifest.int8Guard!;
      expect(guard).toMatchObject({ accepted: true, photos: 8 });
      expect(guard.checkedAt).toBeGreaterThan(first.checkedAt);
      expect(guard.message).not.toMatch(/stand-in/);
      await t.core.idle();
      const status = must(await t.core.api.status());
      expect(status.model).toMatchObject({ id, precision: 'int8' });
      expect(status.counts.indexed).toBe(fx.photosManifest.photos.length);
    } finally {
      await t.cleanup();
    }
  });
});
