/** Duplicates with a real core and the trained world model: planted copies and edits are grouped, unrelated photos never. */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuplicateGroup } from '../../preload/contract.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';
import { plantDuplicates } from '../fixtures/near-duplicates.js';
import { WORLD_MODELS } from '../world/world-catalog.js';
import { worldSet } from '../world/world-set.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/shoebox.mjs', import.meta.url));

let t: TestCore;
let photos: string;
/** Planted groups: the original's file name → every file that must land with it. */
const planted = new Map<string, string[]>();
const ids = new Map<string, number>();

beforeAll(async () => {
  t = await tempCore();
  must(await t.core.api.useModel(must(await t.core.api.importModel(join(WORLD_MODELS, 'xenova'))).id));
  const set = worldSet(40);
  photos = join(t.root, 'photos');
  await mkdir(photos, { recursive: true });
  for (const p of set.photos) await copyFile(join(set.dir, p.file), join(photos, basename(p.file)));
  const [a, b, c] = set.photos.map((p) => basename(p.file));
  for (const [orig, files] of await plantDuplicates(photos, a!, [b!, c!])) planted.set(orig, files);
  must(await t.core.api.addFolder(photos));
  await t.core.idle();
  for (const p of must(await t.core.api.listPhotos({ offset: 0, limit: 1000 })).photos) ids.set(basename(p.path), p.id);
}, 300_000);
afterAll(() => t.cleanup());

const names = (g: DuplicateGroup): string[] => g.photos.map((p) => basename(p.path)).sort();

describe('findDuplicates', () => {
  let groups: DuplicateGroup[];
  beforeAll(async () => {
    groups = must(await t.core.api.findDuplicates({}));
  });

  it('groups every set of byte-identical copies as exact', () => {
    const exact = groups.filter((g) => g.kind === 'exact').map(names);
    const [a] = [...planted.keys()];
    expect(exact).toEqual([[...planted.get(a!)!].sort()]);
  });

  it('groups each planted edit with its original, and never mixes unrelated photos', () => {
    const plantedOf = new Map<string, string>();
    for (const [orig, files] of planted) for (const f of files) plantedOf.set(f, orig);
    const near = groups.filter((g) => g.kind !== 'exact');
    for (const [orig, files] of [...planted].slice(1)) {
      const holding = near.find((g) => names(g).includes(orig));
      expect(holding, `a group for ${orig}`).toBeDefined();
      expect(names(holding!)).toEqual([...files].sort());
    }
    for (const g of groups) {
      const origins = new Set(names(g).map((n) => plantedOf.get(n) ?? n));
      expect(origins.size, `group ${names(g).join(', ')}`).toBe(1);
    }
  });

  it('suggests keeping the largest photo of a group, and says why', () => {
    const [, b] = [...planted.keys()];
    const group = groups.find((g) => names(g).includes(b!))!;
    const keep = group.photos.find((p) => p.id === group.keepId)!;
    const pixels = (p: { width: number | null; height: number | null }) => (p.width ?? 0) * (p.height ?? 0);
    expect(Math.max(...group.photos.map(pixels))).toBe(pixels(keep));
    expect(group.keepReason).toMatch(/largest|biggest|first added/);
  });

  it('reports progress while comparing, and prints the same groups from the CLI as JSON', async () => {
    const progress = t.events.filter((e) => e.event === 'duplicateProgress').map((e) => e.payload as { done: number; total: number });
    expect(progress.at(-1)).toEqual({ done: ids.size, total: ids.size });
    await t.core.close();
    const env = { ...process.env, SHOEBOX_MODELS: t.paths.modelsDir };
    const { stdout } = await run(process.execPath, [BIN, 'duplicates', '--json', '--library', t.paths.libraryDir], { env });
    const cli = JSON.parse(stdout) as DuplicateGroup[];
    expect(cli.map(names).sort()).toEqual(groups.map(names).sort());
    t.core = await t.reopen();
  });

  it('find-similar on a photo with identical copies shows those copies first', async () => {
    const [a] = [...planted.keys()];
    const page = must(await t.core.api.search({ similarTo: ids.get(a!)!, limit: 5 }));
    expect(
      page.hits
        .slice(0, 2)
        .map((h) => basename(h.photo.path))
        .sort(),
    ).toEqual(planted.get(a!)!.slice(1).sort());
  });

  it('resolves a group: the others go to the trash, the kept photo gains their tags; undo puts everything back', async () => {
    process.env.SHOEBOX_TRASH = join(t.root, 'Trash');
    const [, b] = [...planted.keys()];
    const group = groups.find((g) => names(g).includes(b!))!;
    const removeIds = group.photos.filter((p) => p.id !== group.keepId).map((p) => p.id);
    must(await t.core.api.addTags({ photoIds: [removeIds[0]!], names: ['Holiday'] }));
    const done = must(await t.core.api.resolveDuplicates({ keepId: group.keepId, removeIds }));
    expect(done).toMatchObject({ trashed: removeIds.length, tagsCarried: 1, kept: [] });
    const trashed = readdirSync(join(t.root, 'Trash', 'files')).sort();
    expect(trashed).toEqual(
      group.photos
        .filter((p) => p.id !== group.keepId)
        .map((p) => basename(p.path))
        .sort(),
    );
    const info = readFileSync(join(t.root, 'Trash', 'info', `${trashed[0]}.trashinfo`), 'utf8');
    expect(info).toMatch(/^\[Trash Info\]\nPath=\/.+\nDeletionDate=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\n$/);
    const kept = must(await t.core.api.getPhoto(group.keepId));
    expect(kept.tags).toContain('Holiday');
    const left = must(await t.core.api.listPhotos({ offset: 0, limit: 1000 })).photos.map((p) => p.id);
    for (const id of removeIds) expect(left).not.toContain(id);

    const undone = must(await t.core.api.undoTrash({ undoId: done.undoId! }));
    expect(undone).toEqual({ restored: removeIds.length, left: [] });
    expect(readdirSync(join(t.root, 'Trash', 'files'))).toEqual([]);
    for (const p of group.photos) expect(existsSync(p.path)).toBe(true);
    expect(must(await t.core.api.getPhoto(removeIds[0]!)).tags).toEqual(['Holiday']);
    expect(must(await t.core.api.getPhoto(group.keepId)).tags).not.toContain('Holiday');
    expect(await t.core.api.undoTrash({ undoId: done.undoId! })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('moves single photos to the trash without giving their tags to anyone, and puts them back', async () => {
    process.env.SHOEBOX_TRASH = join(t.root, 'Trash');
    const id = [...ids.values()].at(-1)!;
    const path = must(await t.core.api.getPhoto(id)).path;
    must(await t.core.api.addTags({ photoIds: [id], names: ['Solo'] }));
    const done = must(await t.core.api.trashPhotos({ photoIds: [id] }));
    expect(done).toMatchObject({ trashed: 1, kept: [] });
    expect(existsSync(path)).toBe(false);
    expect(must(await t.core.api.listTags()).find((tag) => tag.name === 'Solo')?.photoCount ?? 0).toBe(0);
    must(await t.core.api.undoTrash({ undoId: done.undoId! }));
    expect(existsSync(path)).toBe(true);
    expect(must(await t.core.api.getPhoto(id)).tags).toEqual(['Solo']);
  });
});
