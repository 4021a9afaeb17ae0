// Photos before models: with no model installed, every readable photo gets its thumbnail, metadata and timeline place.
import { existsSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../preload/contract.js';
import { thumbPathFor } from '../../main/core/cache-paths.js';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

const NO_DATE_FILE = 'scanned-no-exif.jpg';
const FILE_TIME = Date.UTC(2019, 6, 14, 10, 30);

describe('a library opened before any model exists', () => {
  let fx: FixtureManifest;
  let t: TestCore;
  let photos: string;

  beforeAll(async () => {
    fx = await fixtures();
    t = await tempCore();
    photos = await t.copyIn(fx.photos, 'photos');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 40 } } })
      .jpeg()
      .toFile(join(photos, NO_DATE_FILE));
    await utimes(join(photos, NO_DATE_FILE), FILE_TIME / 1000, FILE_TIME / 1000);
    must(await t.core.api.addFolder(photos));
    await t.core.idle();
  });
  afterAll(() => t.cleanup());

  const allPhotos = async (): Promise<PhotoSummary[]> => must(await t.core.api.listPhotos({ offset: 0, limit: 1000 })).photos;

  it('reads every readable photo: thumbnail, EXIF date, camera, size and GPS, with no model', async () => {
    const status = must(await t.core.api.status());
    expect(status.model).toBeNull();
    expect(status.serving).toBeNull();
    // Without a model nothing competes with the decodes: the reading child leaves their priority alone.
    const ready = t.logs.filter((l) => l.message === 'Indexer ready');
    expect(ready.length).toBeGreaterThan(0);
    expect(ready.map((l) => l.data?.decodeThreadsLowered)).toEqual(ready.map(() => 0));
    const readable = fx.photosManifest.photos.length + 1;
    expect(status.counts).toMatchObject({
      photos: readable + fx.photosManifest.broken.filter((b) => b.expect === 'error').length,
      read: readable,
      indexed: 0,
      pending: 0,
    });
    const listed = await allPhotos();
    for (const entry of fx.photosManifest.photos) {
      const summary = listed.find((p) => p.path.endsWith(entry.file));
      expect(summary, entry.file).toBeDefined();
      expect(summary!.hasThumb, entry.file).toBe(true);
      expect(existsSync(thumbPathFor(t.paths.thumbsDir, summary!.id)), entry.file).toBe(true);
      const detail = must(await t.core.api.getPhoto(summary!.id));
      expect([detail.width, detail.height]).toEqual([entry.width, entry.height]);
      expect(detail.cameraModel).toBe(entry.model);
      if (entry.format === 'jpeg') {
        expect(detail.dateFromFile, entry.file).toBe(false);
        expect(new Date(detail.date).toISOString().slice(0, 16)).toBe(entry.takenAt.slice(0, 16));
      }
      if (entry.gps && entry.format === 'jpeg') expect(detail.gps?.lat).toBeCloseTo(entry.gps.lat, 3);
    }
  });

  it('places a photo without a date at its file time, marked as such, not under "Date unknown"', async () => {
    const photo = (await allPhotos()).find((p) => p.path.endsWith(NO_DATE_FILE))!;
    expect(photo.takenAt).toBeNull();
    expect(photo.dateFromFile).toBe(true);
    expect(photo.date).toBe(FILE_TIME);
    expect(photo.hasThumb).toBe(true);
  });

  it('explains that search waits for a model, and failures keep their reasons', async () => {
    const r = await t.core.api.search({ query: 'red' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('no_model');
    const status = must(await t.core.api.status());
    expect(status.errors.length).toBe(fx.photosManifest.broken.filter((b) => b.expect === 'error').length);
    for (const e of status.errors) expect(e.reason).not.toMatch(/^Error:|libvips|vips_/);
  });

  it('embeds the same photos once a model arrives, keeping what was read', async () => {
    const before = await allPhotos();
    const id = must(await t.core.api.importModel(fx.immichModel)).id;
    must(await t.core.api.useModel(id));
    await t.core.idle();
    const status = must(await t.core.api.status());
    expect(status.counts.indexed).toBe(status.counts.read);
    expect(status.serving?.id).toBe(id);
    // The child started for the model puts its decodes behind it (Linux: libuv's 4 pool threads).
    const withModel = t.logs.filter((l) => l.message === 'Indexer ready' && l.data?.provider === 'cpu');
    expect(withModel.length).toBeGreaterThan(0);
    const pool = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
    for (const l of withModel) expect(l.data?.decodeThreadsLowered).toBe(process.platform === 'linux' ? pool : 0);
    const after = await allPhotos();
    expect(after.map((p) => [p.id, p.date, p.hasThumb])).toEqual(before.map((p) => [p.id, p.date, p.hasThumb]));
    const red = must(await t.core.api.search({ query: 'red' }));
    expect(red.strongCount).toBeGreaterThan(0);
  });
});
