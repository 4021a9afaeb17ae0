/** A damaged or missing catalog is refused (never replaced), the newest good snapshot is named, and `restore` brings every tag back. */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, open, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSnapshots } from '../../main/core/catalog/backup.js';
import { CatalogDamagedError, formatSnapshotDate } from '../../main/core/catalog/catalog-health.js';
import type { CorePaths } from '../../main/core/paths.js';
import { addFolder, libraryPaths, openTestCore, shoebox, writeJpegs } from './library-fixture.js';

type Damage = (catalog: string) => Promise<void>;

const damages: Record<string, Damage> = {
  'truncated to 0 bytes': (f) => truncate(f, 0),
  deleted: (f) => rm(f),
  'truncated to half': async (f) => truncate(f, Math.floor((await stat(f)).size / 2)),
  'junk header': async (f) => {
    const h = await open(f, 'r+');
    await h.write(Buffer.alloc(100, 0x5a), 0, 100, 0);
    await h.close();
  },
  'junk inside (12 KB at an offset)': async (f) => {
    const h = await open(f, 'r+');
    const junk = Buffer.from(Array.from({ length: 12 * 1024 }, (_, i) => (i * 7919) % 251));
    await h.write(junk, 0, junk.length, 8 * 1024);
    await h.close();
  },
};

let root: string;
let template: string;
let tagsBefore: { name: string; photoCount: number }[];

async function tagsOf(paths: CorePaths): Promise<{ name: string; photoCount: number }[]> {
  const core = await openTestCore(paths);
  try {
    const r = await core.api.listTags();
    if (!r.ok) throw new Error(r.error.message);
    return r.value.map((t) => ({ name: t.name, photoCount: t.photoCount }));
  } finally {
    await core.close();
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'shoebox-damage-'));
  const photos = await writeJpegs(join(root, 'photos'), 40);
  template = join(root, 'template');
  const core = await openTestCore(libraryPaths(template, root));
  await addFolder(core, join(root, 'photos'));
  const page = await core.api.listPhotos({ offset: 0, limit: 100 });
  if (!page.ok) throw new Error(page.error.message);
  const ids = page.value.photos.map((p) => p.id);
  expect(ids).toHaveLength(photos.length);
  expect((await core.api.addTags({ photoIds: ids.slice(0, 25), names: ['Animals/Dog'] })).ok).toBe(true);
  expect((await core.api.addTags({ photoIds: ids.slice(20), names: ['Holiday', 'Places/France'] })).ok).toBe(true);
  // Closing takes the snapshot the tag edits asked for: a first session of tagging is backed up at once.
  await core.close();
  tagsBefore = await tagsOf(libraryPaths(template, root));
  expect(tagsBefore).toEqual([
    { name: 'Animals/Dog', photoCount: 25 },
    { name: 'Holiday', photoCount: 20 },
    { name: 'Places/France', photoCount: 20 },
  ]);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('a damaged or missing catalog', () => {
  for (const [name, damage] of Object.entries(damages)) {
    it(`${name}: refused with the newest good snapshot named; restore brings every tag back`, async () => {
      const lib = join(root, name.replace(/\W+/g, '-'));
      await cp(template, lib, { recursive: true });
      const paths = libraryPaths(lib, root);
      const snapshots = await listSnapshots(paths.snapshotsDir);
      const newestTagged = snapshots.find((s) => (s.taggings ?? 0) > 0)!;
      expect(newestTagged).toBeDefined();
      await damage(paths.catalogFile);
      const sizeAfterDamage = existsSync(paths.catalogFile) ? (await stat(paths.catalogFile)).size : null;

      const refused = await openTestCore(paths).then(
        () => null,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(CatalogDamagedError);
      const err = refused as CatalogDamagedError;
      expect(err.snapshot).toMatchObject({ file: newestTagged.file, photos: 40, tags: 3, taggedPhotos: 40 });
      expect(err.message).toContain(formatSnapshotDate(newestTagged.createdAt));
      expect(err.message).toContain('40 photos, 3 tags');
      expect(err.message).not.toMatch(/malformed|not a database|SQLITE_/);

      // Every CLI command says it in plain words and exits non-zero; five further opens never drop the snapshot.
      const env = { SHOEBOX_MODELS: join(root, 'models') };
      for (const args of [['status'], ['tags', 'list'], ['serve', '--port', '0']]) {
        const r = await shoebox([...args, '--library', lib], env);
        expect(r.code, r.stderr).toBe(1);
        expect(r.stderr).toContain('Shoebox did not start an empty one');
        expect(r.stderr).toContain(formatSnapshotDate(newestTagged.createdAt));
        expect(r.stderr).toContain('shoebox restore');
        expect(r.stderr).not.toMatch(/malformed|not a database|SQLITE_/);
        expect(r.stdout).toBe('');
      }
      for (let n = 0; n < 2; n++) await expect(openTestCore(paths)).rejects.toBeInstanceOf(CatalogDamagedError);
      expect((await listSnapshots(paths.snapshotsDir)).map((s) => s.file)).toContain(newestTagged.file);
      expect(existsSync(paths.catalogFile) ? (await stat(paths.catalogFile)).size : null).toBe(sizeAfterDamage);

      const restored = await shoebox(['restore', '--library', lib], env);
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toContain(`Restored the snapshot from ${formatSnapshotDate(newestTagged.createdAt)}`);
      const aside = (await readdir(lib)).filter((f) => f.startsWith('catalog.db.damaged-'));
      expect(aside.length).toBe(sizeAfterDamage === null ? 0 : 1);
      expect(await tagsOf(paths)).toEqual(tagsBefore);
    });
  }

  it('junk written into a catalog Shoebox closed cleanly is still caught (the clean-close shortcut sees the change)', async () => {
    const lib = join(root, 'clean-close');
    await cp(template, lib, { recursive: true });
    const paths = libraryPaths(lib, root);
    await (await openTestCore(paths)).close();
    expect(existsSync(`${paths.catalogFile}.closed-clean`)).toBe(true);
    await (await openTestCore(paths)).close();
    await damages['junk inside (12 KB at an offset)']!(paths.catalogFile);
    await expect(openTestCore(paths)).rejects.toBeInstanceOf(CatalogDamagedError);
  });

  it('restore --from takes a named snapshot and refuses a damaged one in plain words', async () => {
    const lib = join(root, 'from');
    await cp(template, lib, { recursive: true });
    const paths = libraryPaths(lib, root);
    const [snapshot] = await listSnapshots(paths.snapshotsDir);
    const env = { SHOEBOX_MODELS: join(root, 'models') };
    const sound = await shoebox(['restore', '--library', lib], env);
    expect(sound.code).toBe(1);
    expect(sound.stderr).toContain('is sound, so nothing was changed');
    const bad = join(root, 'bad.db');
    await cp(snapshot!.file, bad);
    await truncate(bad, 5000);
    const refused = await shoebox(['restore', '--from', bad, '--library', lib], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is damaged too');
    const named = await shoebox(['restore', '--from', snapshot!.file.split('/').pop()!, '--library', lib, '--json'], env);
    expect(named.code, named.stderr).toBe(0);
    const out = JSON.parse(named.stdout) as { keptAside: string[] };
    expect(out.keptAside[0]).toMatch(/catalog\.db\.replaced-/);
    expect(await tagsOf(paths)).toEqual(tagsBefore);
  });

  it('a library with thumbnails but no snapshot: refused, and `restore --empty` starts a new catalog on request', async () => {
    const lib = join(root, 'thumbs-only');
    const paths = libraryPaths(lib, root);
    await mkdir(join(paths.thumbsDir, '0'), { recursive: true });
    await writeFile(join(paths.thumbsDir, '0', '1.jpg'), 'thumb');
    const env = { SHOEBOX_MODELS: join(root, 'models') };
    const refused = await shoebox(['status', '--library', lib], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is missing');
    expect(refused.stderr).toContain('No good snapshot was found');
    expect(refused.stderr).toContain('shoebox restore --empty');
    expect(existsSync(paths.catalogFile)).toBe(false);
    const fresh = await shoebox(['restore', '--empty', '--library', lib], env);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stdout).toContain('Started a new, empty catalog');
    expect(await tagsOf(paths)).toEqual([]);
  });

  it('a new library (no snapshots, no thumbnails) still starts with a new catalog', async () => {
    const paths = libraryPaths(join(root, 'brand-new'), root);
    const core = await openTestCore(paths);
    await core.close();
    expect(existsSync(paths.catalogFile)).toBe(true);
  });
});
