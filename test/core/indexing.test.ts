// End to end through core: fixture photos scanned and embedded by the real child-process indexer, idempotently.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

describe('indexing a library', () => {
  let fx: FixtureManifest;
  let t: TestCore;
  let photosDir: string;

  beforeAll(async () => {
    fx = await fixtures();
    t = await tempCore();
    photosDir = await t.copyIn(fx.photos, 'photos');
    const model = must(await t.core.api.importModel(fx.immichModel));
    must(await t.core.api.useModel(model.id));
    must(await t.core.api.addFolder(photosDir));
    await t.core.idle();
  });
  afterAll(() => t.cleanup());

  it('embeds every valid photo and records every bad file with its reason', async () => {
    const status = must(await t.core.api.status());
    const good = fx.photosManifest.photos.length;
    const errors = fx.photosManifest.broken.filter((b) => b.expect === 'error');
    expect(status.counts.indexed).toBe(good);
    expect(status.counts.photos).toBe(good + errors.length);
    expect(status.counts.pending).toBe(0);
    expect(status.counts.errors).toBe(errors.length);
    expect(status.counts.skipped).toBe(fx.photosManifest.broken.filter((b) => b.expect === 'skip').length);
    for (const e of errors) {
      const found = status.errors.find((s) => s.path.endsWith(e.file));
      expect(found, e.file).toBeDefined();
      expect(found!.reason.length).toBeGreaterThan(5);
    }
    expect(status.provider).toBe('cpu');
    // The child put its decode threads behind the model's (see decode-priority.ts; Linux only).
    const ready = t.logs.filter((l) => l.message === 'Indexer ready' && l.data?.provider === 'cpu');
    expect(ready.length).toBeGreaterThan(0);
    const pool = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    for (const l of ready) expect(l.data?.decodeThreadsLowered).toBe(process.platform === 'linux' ? pool : 0);
  });

  it('fills in metadata and thumbnails from the one decode', async () => {
    const page = must(await t.core.api.listPhotos({ offset: 0, limit: 100 }));
    const withGps = fx.photosManifest.photos.filter((p) => p.gps).map((p) => p.file);
    for (const summary of page.photos.filter((p) => !p.path.includes('/broken/'))) {
      const detail = must(await t.core.api.getPhoto(summary.id));
      const entry = fx.photosManifest.photos.find((p) => summary.path.endsWith(p.file))!;
      expect(detail.width).toBe(entry.width);
      expect(detail.cameraModel).toBe(entry.model);
      expect(detail.gps !== null).toBe(withGps.includes(entry.file));
      expect(summary.hasThumb).toBe(true);
      expect(await t.core.resolveMedia('thumb', summary.id)).not.toBeNull();
    }
  });

  it('re-running on an unchanged library embeds nothing', async () => {
    const db = new Database(t.paths.catalogFile, { readonly: true });
    const before = db.prepare('SELECT photo_id, model_id, updated_at FROM embeddings ORDER BY photo_id').all();
    db.close();
    const progressBefore = must(await t.core.api.jobProgress()).done;
    for (const f of must(await t.core.api.listFolders())) must(await t.core.api.rescanFolder(f.id));
    await t.reopen();
    await t.core.idle();
    const after = new Database(t.paths.catalogFile, { readonly: true });
    expect(after.prepare('SELECT photo_id, model_id, updated_at FROM embeddings ORDER BY photo_id').all()).toEqual(before);
    expect(after.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
    after.close();
    // Progress counts photos of the library: all covered, none left, nothing ran (no rate).
    expect(must(await t.core.api.jobProgress())).toMatchObject({ state: 'idle', done: progressBefore, total: progressBefore, rate: 0 });
    expect(progressBefore).toBeGreaterThan(0);
  });

  it('answers a bad request with a clear error and changes nothing', async () => {
    const r1 = await t.core.invoke('addFolder', [42]);
    expect(r1.ok).toBe(false);
    const r2 = await t.core.invoke('noSuchCall', []);
    expect(r2).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const r3 = await t.core.invoke('getPhoto', [999999]);
    expect(r3).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const r4 = await t.core.invoke('search', [{ query: 'red', limit: 100000 }]);
    expect(r4).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
