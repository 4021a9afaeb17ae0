// A watched library through the API: a photo moved on disk is still found with its tags; indexing can be cancelled.
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting for the library');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a watched library', () => {
  let fx: FixtureManifest;
  let t: TestCore;
  let photos: string;
  let other: string;

  beforeAll(async () => {
    fx = await fixtures();
    t = await tempCore({ watch: true });
    photos = await t.copyIn(fx.photos, 'photos');
    other = join(t.root, 'other');
    await mkdir(other);
    must(await t.core.api.useModel(must(await t.core.api.importModel(fx.immichModel)).id));
    must(await t.core.api.addFolder(photos));
    must(await t.core.api.addFolder(other));
    await t.core.idle();
  });
  afterAll(() => t.cleanup());

  it('finds a photo moved to another folder by description, with its id and tags', async () => {
    const hit = must(await t.core.api.search({ query: 'yellow' })).hits[0]!;
    must(await t.core.api.addTags({ photoIds: [hit.photo.id], names: ['Trips/Sunny'] }));
    const moved = join(other, 'renamed.jpg');
    await rename(hit.photo.path, moved);
    await until(async () => must(await t.core.api.getPhoto(hit.photo.id)).path === moved);
    await t.core.idle();
    const again = must(await t.core.api.search({ query: 'yellow' }));
    const found = again.hits.find((h) => h.photo.id === hit.photo.id)!;
    expect(found.photo.path).toBe(moved);
    expect(found.photo.tags).toContain('Trips/Sunny');
    expect(must(await t.core.api.status()).counts.missing).toBe(0);
  });

  it('cancels indexing: the queue empties and nothing already indexed is lost', async () => {
    const indexed = must(await t.core.api.status()).counts.indexed;
    const first = must(await t.core.api.status()).model!.id;
    must(await t.core.api.pauseIndexing());
    const second = must(await t.core.api.importModel(fx.xenovaModel)).id;
    must(await t.core.api.useModel(second));
    expect(must(await t.core.api.status()).counts.pending).toBeGreaterThan(0);
    const p = must(await t.core.api.cancelIndexing());
    expect(p.total - p.done).toBe(0);
    const status = must(await t.core.api.status());
    expect(status.counts.pending).toBe(0);
    expect(must(await t.core.api.search({ query: 'yellow' })).hits.length).toBeGreaterThan(0);
    must(await t.core.api.useModel(first));
    expect(must(await t.core.api.status()).counts.indexed).toBe(indexed);
  });
});
