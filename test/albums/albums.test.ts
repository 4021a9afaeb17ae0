/** Albums with a real core and the trained world model: manual albums, smart albums that follow the library and model switches, the CLI. */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlbumSummary, SearchPage, SearchRequest } from '../../preload/contract.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';
import { WORLD_MODELS } from '../world/world-catalog.js';
import { worldSet, type WorldPhoto } from '../world/world-set.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/shoebox.mjs', import.meta.url));

let t: TestCore;
let photos: string;
let set: ReturnType<typeof worldSet>;
const ids = new Map<string, number>();

const purple = (p: WorldPhoto): boolean => p.concepts.includes('purple');
const names = (page: SearchPage): string[] =>
  page.hits
    .filter((h) => h.strong)
    .map((h) => basename(h.photo.path))
    .sort();

async function refreshIds(): Promise<void> {
  for (const p of must(await t.core.api.listPhotos({ offset: 0, limit: 1000 })).photos) ids.set(basename(p.path), p.id);
}

/** An album's photos as the app shows them: a manual album by its filter, a smart one by running its search. */
async function albumPhotos(album: AlbumSummary): Promise<SearchPage> {
  const req: SearchRequest = album.search ? { ...album.search, limit: 100 } : { filters: { album: album.name }, limit: 100 };
  return must(await t.core.api.search(req));
}

beforeAll(async () => {
  t = await tempCore({ watch: true });
  must(await t.core.api.useModel(must(await t.core.api.importModel(join(WORLD_MODELS, 'xenova'))).id));
  set = worldSet(40);
  photos = join(t.root, 'photos');
  await mkdir(photos);
  for (const p of set.photos.slice(0, 12)) await copyFile(join(set.dir, p.file), join(photos, basename(p.file)));
  must(await t.core.api.addFolder(photos));
  await t.core.idle();
  await refreshIds();
}, 300_000);
afterAll(() => t.cleanup());

describe('manual albums', () => {
  it('hold chosen photos, count them, take a cover, rename, and lose a photo that leaves the library', async () => {
    const [a, b, c] = [...ids.values()];
    const album = must(await t.core.api.createAlbum({ name: 'Rome', photoIds: [a!, b!] }));
    expect(album).toMatchObject({ kind: 'manual', photoCount: 2, search: null });
    expect(await t.core.api.createAlbum({ name: 'rome' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(must(await t.core.api.addToAlbum({ id: album.id, photoIds: [c!, a!] })).photoCount).toBe(3);
    expect(must(await t.core.api.removeFromAlbum({ id: album.id, photoIds: [b!] })).photoCount).toBe(2);
    expect(must(await t.core.api.setAlbumCover({ id: album.id, photoId: c! })).coverPhotoId).toBe(c);
    const renamed = must(await t.core.api.renameAlbum({ id: album.id, name: 'Roma' }));
    expect((await albumPhotos(renamed)).hits.map((h) => h.photo.id).sort()).toEqual([a!, c!].sort());
    expect(await t.core.api.search({ filters: { album: 'Rome' } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // A photo whose file leaves the folder leaves the album's count too.
    await copyFile(join(photos, basename(set.photos[0]!.file)), join(photos, 'leaving.jpg'));
    await expect.poll(async () => (await refreshIds(), ids.get('leaving.jpg')), { timeout: 30_000 }).toBeDefined();
    expect(must(await t.core.api.addToAlbum({ id: album.id, photoIds: [ids.get('leaving.jpg')!] })).photoCount).toBe(3);
    await rm(join(photos, 'leaving.jpg'));
    await expect.poll(async () => must(await t.core.api.listAlbums())[0]!.photoCount, { timeout: 30_000 }).toBe(2);
    ids.delete('leaving.jpg');
    const gone = must(await t.core.api.deleteAlbum({ id: album.id }));
    expect(gone.photoIds.slice(0, 2)).toEqual([a!, c!]);
    expect(gone).toMatchObject({ name: 'Roma', search: null });
    expect(must(await t.core.api.listAlbums())).toEqual([]);
  });
});

describe('smart albums', () => {
  let smart: AlbumSummary;

  it('keep a description and filters, and answer with what the library holds now', async () => {
    smart = must(await t.core.api.createAlbum({ name: 'Purple things', search: { query: 'purple', sort: 'relevance' } }));
    expect(smart).toMatchObject({ kind: 'smart', photoCount: null, search: { query: 'purple' } });
    const shown = names(await albumPhotos(smart));
    // The album is its search: the same answer as searching now, and (the trained model being right) only purple photos.
    expect(shown).toEqual(names(must(await t.core.api.search({ query: 'purple', limit: 100 }))));
    const isPurple = new Set(set.photos.filter(purple).map((p) => basename(p.file)));
    expect(shown.length).toBeGreaterThan(0);
    for (const n of shown) expect(isPurple.has(n), n).toBe(true);
    expect(await t.core.api.addToAlbum({ id: smart.id, photoIds: [ids.values().next().value!] })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  it('gain a matching photo added to the watched folder later', async () => {
    const later = set.photos.slice(12).find(purple)!;
    await copyFile(join(set.dir, later.file), join(photos, basename(later.file)));
    await expect.poll(async () => names(await albumPhotos(smart)), { timeout: 60_000, interval: 500 }).toContain(basename(later.file));
  });

  it('still answer after the model is switched (the description runs with the serving model)', async () => {
    const before = names(await albumPhotos(smart));
    must(await t.core.api.useModel(must(await t.core.api.importModel(join(WORLD_MODELS, 'immich'))).id));
    await t.core.idle();
    const status = must(await t.core.api.status());
    expect(status.serving?.id).toBe(status.model?.id);
    expect(names(await albumPhotos(smart))).toEqual(before);
  });

  it('are listed and shown by the CLI as JSON', async () => {
    must(await t.core.api.createAlbum({ name: 'Firsts', photoIds: [...ids.values()].slice(0, 2) }));
    await t.core.close();
    const env = { ...process.env, SHOEBOX_MODELS: t.paths.modelsDir };
    const cli = async (...args: string[]) =>
      JSON.parse(
        (await run(process.execPath, [BIN, 'albums', ...args, '--json', '--library', t.paths.libraryDir], { env })).stdout,
      ) as unknown;
    const listed = (await cli('list')) as AlbumSummary[];
    expect(listed.map((a) => [a.name, a.kind, a.photoCount])).toEqual([
      ['Firsts', 'manual', 2],
      ['Purple things', 'smart', null],
    ]);
    const shown = (await cli('show', 'purple things')) as SearchPage;
    expect(names(shown).length).toBeGreaterThan(0);
    t.core = await t.reopen();
  });
});
