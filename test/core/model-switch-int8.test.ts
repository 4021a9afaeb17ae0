// Switching models on the CPU default (int8 towers made first): search answers with the old model until the new one covers all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress, SearchPage } from '../../preload/contract.js';
import { fixtures } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

describe('switching models with int8 preparation', () => {
  let t: TestCore;
  let first: string;
  let second: string;

  beforeAll(async () => {
    const fx = await fixtures();
    t = await tempCore({ precision: 'auto' });
    first = must(await t.core.api.importModel(fx.immichModel)).id;
    second = must(await t.core.api.importModel(fx.xenovaModel)).id;
    must(await t.core.api.useModel(first));
    must(await t.core.api.addFolder(await t.copyIn(fx.photos, 'photos')));
    await t.core.idle();
  });
  afterAll(() => t.cleanup());

  const ids = (p: SearchPage) => p.hits.map((h) => h.photo.id);

  it('never answers "no photos" while the new model prepares and indexes, then moves over in one step', async () => {
    const before = must(await t.core.api.search({ query: 'red', includeWeak: true }));
    expect(before.modelId).toBe(`${first}@int8`);
    expect(before.hits.length).toBeGreaterThan(0);

    must(await t.core.api.useModel(second));
    const during: SearchPage[] = [];
    const statuses = [];
    const idle = t.core.idle();
    let finished = false;
    void idle.then(() => (finished = true));
    while (!finished) {
      during.push(must(await t.core.api.search({ query: 'red', includeWeak: true })));
      statuses.push(must(await t.core.api.status()));
      await new Promise((r) => setTimeout(r, 100));
    }
    await idle;
    expect(during.length).toBeGreaterThan(1);
    for (const page of during) {
      if (page.modelId === `${first}@int8`) expect(ids(page)).toEqual(ids(before));
      else expect(page.modelId).toBe(`${second}@int8`);
    }
    // The first answers come from the previous model, and once the new one serves it never goes back.
    expect(during[0]!.modelId).toBe(`${first}@int8`);
    const switchedAt = during.findIndex((p) => p.modelId !== `${first}@int8`);
    if (switchedAt >= 0) expect(during.slice(switchedAt).every((p) => p.modelId === `${second}@int8`)).toBe(true);
    const switching = statuses.filter((s) => s.switching !== null);
    expect(switching.length).toBeGreaterThan(0);
    for (const s of switching) {
      expect(s.serving?.id).toBe(first);
      expect(s.switching!.done).toBeLessThanOrEqual(s.switching!.total);
    }

    const after = must(await t.core.api.search({ query: 'red', includeWeak: true }));
    expect(after.modelId).toBe(`${second}@int8`);
    const status = must(await t.core.api.status());
    expect(status.switching).toBeNull();
    expect(status.serving?.id).toBe(second);
    const progress = t.events.filter((e) => e.event === 'jobProgress').map((e) => e.payload as JobProgress);
    expect(progress.some((p) => p.preparing !== null)).toBe(true);
  });
});
