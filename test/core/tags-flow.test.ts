// Tags through the API: keywords imported at index time, suggestions reviewed and bulk-applied, undo, XMP write-back.
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';
import { skipWithout } from '../helpers/required-tool.js';
import { hasExiftool } from '../media/media-helpers.js';

const skipExiftool = skipWithout('exiftool', hasExiftool() ? null : 'it is not installed', 'apt-get install -y libimage-exiftool-perl');

function dumpTags(file: string): unknown {
  const db = new Database(file, { readonly: true });
  const dump = {
    tags: db.prepare('SELECT * FROM tags ORDER BY id').all(),
    photoTags: db.prepare('SELECT * FROM photo_tags ORDER BY photo_id, tag_id').all(),
    suggestions: db.prepare('SELECT * FROM suggestions ORDER BY photo_id, tag_id').all(),
    conceptSuggestions: db.prepare('SELECT * FROM concept_suggestions ORDER BY photo_id, concept_id').all(),
  };
  db.close();
  return dump;
}

describe.skipIf(skipExiftool)('tags through the API', () => {
  let fx: FixtureManifest;
  let t: TestCore;
  let photos: string;
  let redIds: number[];

  beforeAll(async () => {
    fx = await fixtures();
    t = await tempCore();
    photos = join(t.root, 'photos');
    await mkdir(photos);
    for (const p of fx.photosManifest.photos.filter((p) => !p.file.includes('/')))
      await copyFile(join(fx.photos, p.file), join(photos, p.file));
    // Keywords a photographer already has: IPTC in one file, a Lightroom-style sidecar for another.
    execFileSync('exiftool', [
      '-q',
      '-overwrite_original',
      '-IPTC:Keywords=Holiday',
      '-IPTC:Keywords=Family',
      join(photos, 'red-circle-1.jpg'),
    ]);
    execFileSync('exiftool', [
      '-q',
      '-o',
      join(photos, 'blue-square-3.xmp'),
      '-XMP-dc:Subject=Archive',
      '-XMP-xmp:Rating=4',
      join(photos, 'blue-square-3.jpg'),
    ]);
    const model = must(await t.core.api.importModel(fx.immichModel));
    must(await t.core.api.useModel(model.id));
    must(await t.core.api.addFolder(photos));
    await t.core.idle();
    const page = must(await t.core.api.listPhotos({ offset: 0, limit: 100 }));
    redIds = page.photos.filter((p) => /\/red-/.test(p.path)).map((p) => p.id);
  });
  afterAll(() => t.cleanup());

  it('imports keywords already in files and sidecars as tags', async () => {
    const page = must(await t.core.api.listPhotos({ offset: 0, limit: 100 }));
    expect(page.photos.find((p) => p.path.endsWith('red-circle-1.jpg'))!.tags.sort()).toEqual(['Family', 'Holiday']);
    const blue = page.photos.find((p) => p.path.endsWith('blue-square-3.jpg'))!;
    expect(must(await t.core.api.getPhoto(blue.id)).tagsDetailed).toEqual([{ name: 'Archive', source: 'imported', score: null }]);
  });

  it('suggests, bulk-applies and undoes exactly; rejections stick', async () => {
    const before = dumpTags(t.paths.catalogFile);
    must(await t.core.api.suggestTags({}));
    const candidates = must(await t.core.api.tagCandidates({ tag: 'Colours/Red', limit: 50 }));
    const top = candidates
      .slice(0, redIds.length)
      .map((c) => c.photo.id)
      .sort();
    expect(top).toEqual([...redIds].sort());
    const suggested = dumpTags(t.paths.catalogFile);
    const applied = must(await t.core.api.acceptSuggestions({ tag: 'Colours/Red', photoIds: redIds }));
    expect(applied.photos).toBe(redIds.length);
    for (const id of redIds)
      expect(must(await t.core.api.getPhoto(id)).tagsDetailed).toContainEqual(
        expect.objectContaining({ name: 'Colours/Red', source: 'suggestion' }),
      );
    must(await t.core.api.undo());
    expect(dumpTags(t.paths.catalogFile)).toEqual(suggested);
    // Indexing alone already brought suggestions (the background job), so asking again changed nothing.
    expect(before).toEqual(suggested);
    expect((before as { conceptSuggestions: unknown[] }).conceptSuggestions.length).toBeGreaterThan(0);

    const wrong = candidates.filter((c) => !redIds.includes(c.photo.id)).map((c) => c.photo.id);
    if (wrong.length) {
      must(await t.core.api.rejectSuggestions({ tag: 'Colours/Red', photoIds: wrong }));
      must(await t.core.api.suggestTags({}));
      const again = must(await t.core.api.tagCandidates({ tag: 'Colours/Red', limit: 50 })).map((c) => c.photo.id);
      for (const id of wrong) expect(again).not.toContain(id);
    }
  });

  it('writes tags to XMP sidecars that exiftool reads, keeping their other fields', async () => {
    must(await t.core.api.updateSettings({ writeXmp: true }));
    const page = must(await t.core.api.listPhotos({ offset: 0, limit: 100 }));
    const blue = page.photos.find((p) => p.path.endsWith('blue-square-3.jpg'))!;
    must(await t.core.api.addTags({ photoIds: [blue.id, redIds[0]!], names: ['Trips/Beach'] }));
    const out = JSON.parse(execFileSync('exiftool', ['-j', '-XMP:all', join(photos, 'blue-square-3.xmp')]).toString())[0];
    expect([out.Subject].flat()).toEqual(expect.arrayContaining(['Archive', 'Beach']));
    expect([out.HierarchicalSubject].flat()).toContain('Trips|Beach');
    expect([out.TagsList].flat()).toContain('Trips/Beach');
    expect(out.Rating).toBe(4);
    expect((await readFile(join(photos, 'blue-square-3.jpg'))).length).toBeGreaterThan(0);
  });
});
