// A photo that kills the indexing child (a test-only fault hook) is set aside after two crashes; every other photo indexes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRASH_REASON } from '../../main/core/jobs/crash-quarantine.js';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

describe('a photo that crashes the indexing process', () => {
  let fx: FixtureManifest;
  let t: TestCore;
  let poison: string;

  beforeAll(async () => {
    fx = await fixtures();
    poison = fx.photosManifest.photos.find((p) => p.format === 'jpeg')!.file;
    process.env.SHOEBOX_TEST_CRASH_ON = poison;
    t = await tempCore();
    must(await t.core.api.useModel(must(await t.core.api.importModel(fx.immichModel)).id));
    must(await t.core.api.addFolder(await t.copyIn(fx.photos, 'photos')));
    await t.core.idle();
  });
  afterAll(async () => {
    delete process.env.SHOEBOX_TEST_CRASH_ON;
    await t.cleanup();
  });

  it('is quarantined with its reason while all the others are indexed', async () => {
    const status = must(await t.core.api.status());
    const good = fx.photosManifest.photos.length;
    expect(status.counts.indexed).toBe(good - 1);
    expect(status.counts.pending).toBe(0);
    const entry = status.errors.find((e) => e.path.endsWith(poison));
    expect(entry?.reason).toBe(CRASH_REASON);
    const crashes = t.logs.filter((l) => l.message === 'Indexing process ended unexpectedly');
    expect(crashes.length).toBeGreaterThanOrEqual(2);
    expect(must(await t.core.api.jobProgress()).problem).toBeNull();
  });

  it('can be retried: without the fault it indexes', async () => {
    delete process.env.SHOEBOX_TEST_CRASH_ON;
    await t.reopen();
    const folder = must(await t.core.api.listFolders())[0]!;
    expect(must(await t.core.api.retryFailed(folder.id)).queued).toBeGreaterThanOrEqual(1);
    await t.core.idle();
    const status = must(await t.core.api.status());
    expect(status.errors.find((e) => e.path.endsWith(poison))).toBeUndefined();
    expect(status.counts.indexed).toBe(fx.photosManifest.photos.length);
  });
});
