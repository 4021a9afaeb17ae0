// The `shoebox` CLI end to end: index the fixture photos with the fixture model, then status/search/tags as JSON.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderNode, LibraryStatus, SearchPage } from '../../preload/contract.js';
import { fixtures, type FixtureManifest } from '../helpers/fixtures.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/shoebox.mjs', import.meta.url));

describe('shoebox CLI', () => {
  let fx: FixtureManifest;
  let root: string;
  const shoebox = (...args: string[]) =>
    run(process.execPath, [BIN, ...args, '--library', join(root, 'lib')], {
      env: { ...process.env, SHOEBOX_MODELS: join(root, 'models') },
    });

  beforeAll(async () => {
    fx = await fixtures();
    root = await mkdtemp(join(tmpdir(), 'shoebox-cli-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('indexes the fixture photos and reports every valid photo indexed and every bad file with its reason', async () => {
    await shoebox('index', fx.photos, '--model', fx.immichModel);
    const status = JSON.parse((await shoebox('status', '--json')).stdout) as LibraryStatus;
    const good = fx.photosManifest.photos.length;
    const bad = fx.photosManifest.broken.filter((b) => b.expect === 'error');
    expect(status.counts).toMatchObject({ indexed: good, pending: 0, errors: bad.length, photos: good + bad.length });
    expect(status.errors.map((e) => e.path.slice(fx.photos.length + 1)).sort()).toEqual(bad.map((b) => b.file).sort());
    for (const e of status.errors) expect(e.reason).toMatch(/[a-z]{4,}/);
  });

  it('searches by colour and finds similar photos', async () => {
    const page = JSON.parse((await shoebox('search', 'blue', '--all', '--json')).stdout) as SearchPage;
    const blues = fx.photosManifest.photos.filter((p) => p.colour === 'blue');
    const top = page.hits.slice(0, blues.length).map((h) => h.photo.path);
    for (const b of blues) expect(top.some((p) => p.endsWith(b.file))).toBe(true);
    const similar = JSON.parse((await shoebox('similar', join(fx.photos, blues[0]!.file), '--all', '--json')).stdout) as SearchPage;
    expect(similar.hits[0]!.photo.path.endsWith(blues[0]!.file)).toBe(false);
    expect(blues.some((b) => similar.hits[0]!.photo.path.endsWith(b.file))).toBe(true);
  });

  it('prints the folder tree with counts, and searches sorted by file name', async () => {
    const tree = JSON.parse((await shoebox('folders', '--json')).stdout) as FolderNode[];
    const readable = fx.photosManifest.photos.length + fx.photosManifest.broken.filter((b) => b.expect === 'error').length;
    expect(tree.map((t) => [t.path, t.totalCount])).toEqual([[fx.photos, readable]]);
    expect((await shoebox('folders')).stdout).toContain(`${fx.photos}  ${readable} photos`);
    const byName = JSON.parse((await shoebox('search', 'blue', '--all', '--sort', 'name', '--json')).stdout) as SearchPage;
    const names = byName.hits.map((h) => basename(h.photo.path).toLowerCase());
    expect(names.length).toBeGreaterThan(2);
    expect(names).toEqual([...names].sort());
    const wrong = await shoebox('search', 'blue', '--sort', 'colour').catch((e: { code: number; stderr: string }) => e);
    expect(wrong).toMatchObject({ code: 2, stderr: expect.stringContaining('relevance, date, added, name, size') });
  });

  it('exits 2 with a clear message on bad input', async () => {
    const err = await shoebox('search', 'red', '--from', '2023-13-45').catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 2 });
    expect((err as { stderr: string }).stderr).toMatch(/date/i);
    const unknown = await shoebox('frobnicate').catch((e: { code: number; stderr: string }) => e);
    expect(unknown).toMatchObject({ code: 2 });
  });

  it('says what switching models sets in motion; removing the model in use needs --force and names who serves next', async () => {
    const first = JSON.parse((await shoebox('status', '--json')).stdout) as LibraryStatus;
    const imported = JSON.parse((await shoebox('models', 'import', fx.xenovaModel, '--json')).stdout) as { id: string };
    const use = await shoebox('models', 'use', imported.id);
    expect(use.stdout).toMatch(/\d+ of \d+ photos need embedding with .+; until then search keeps answering with .+\./);
    expect(use.stdout).toContain('shoebox index');
    const during = JSON.parse((await shoebox('status', '--json')).stdout) as LibraryStatus;
    expect(during.serving?.id).toBe(first.serving?.id);
    expect(during.switching?.done).toBe(0);
    // A one-off command answers from the catalog as it is: it never starts the index child for the queued work.
    const again = await shoebox('status', '--json', '--verbose');
    expect(again.stderr).not.toMatch(/Indexer ready|Index run finished/);
    expect((JSON.parse(again.stdout) as LibraryStatus).switching?.done).toBe(0);

    const refused = await shoebox('models', 'remove', imported.id).catch((e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(/is the model in use.+--force/);
    const removed = await shoebox('models', 'remove', imported.id, '--force');
    expect(removed.stdout).toContain(`Search now answers with ${first.serving?.id}`);
  });
});
