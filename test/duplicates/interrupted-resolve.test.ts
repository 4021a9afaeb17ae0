/** A resolve cut short (kill -9 after the files moved, or a catalog that refuses the change) loses nothing and leaves nothing half done. */
import { fork } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Db } from '../../main/core/catalog/db.js';
import { CatalogWriteError, resolveDuplicates } from '../../main/core/duplicates/resolve.js';
import { fixtures } from '../helpers/fixtures.js';
import { must, tempCore, type TestCore } from '../helpers/temp-core.js';

const CHILD = fileURLToPath(new URL('./crash-resolve-child.ts', import.meta.url));

let t: TestCore;
let trashDir: string;
let fileCount: number;
/** The exact group's photos: the original first, then its two byte copies. */
let group: { id: number; path: string }[];

/** Runs the dying child over the library's catalog; resolves with the signal that ended it. */
function crashWhileResolving(keepId: number, removeIds: number[]): Promise<string | null> {
  const child = fork(CHILD, [t.paths.catalogFile, trashDir, String(keepId), JSON.stringify(removeIds)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
}

const pendingRows = (db: Db): number => db.prepare(`SELECT count(*) FROM trash_pending`).pluck().get() as number;
const trashFiles = (): string[] => (existsSync(join(trashDir, 'files')) ? readdirSync(join(trashDir, 'files')).sort() : []);

beforeAll(async () => {
  t = await tempCore();
  const fx = await fixtures();
  const dir = await t.copyIn(fx.duplicates, 'photos');
  fileCount = readdirSync(dir).length;
  trashDir = join(t.root, 'Trash');
  must(await t.core.api.addFolder(dir));
  await t.core.idle();
  const byName = new Map(must(await t.core.api.listPhotos({ offset: 0, limit: 100 })).photos.map((p) => [basename(p.path), p]));
  group = fx.duplicatesManifest.exact[0]!.map((name) => byName.get(name)!);
  must(await t.core.api.addTags({ photoIds: [group[1]!.id], names: ['Kept safe'] }));
}, 120_000);
afterAll(async () => {
  delete process.env.SHOEBOX_TRASH;
  await t.cleanup();
});

describe('a resolve cut short', () => {
  it('kill -9 after the files moved: the next start puts them back, photos and tags as they were', async () => {
    await t.core.close();
    const [keep, ...remove] = group;
    expect(
      await crashWhileResolving(
        keep!.id,
        remove.map((p) => p.id),
      ),
    ).toBe('SIGKILL');
    // The crash really left the half-done state: files in the trash, noted as pending, photos still catalogued.
    expect(trashFiles()).toEqual(remove.map((p) => basename(p.path)).sort());
    const peek = openCatalog(t.paths.catalogFile);
    expect(pendingRows(peek)).toBe(2);
    peek.close();

    await t.reopen();
    for (const p of group) expect(existsSync(p.path), p.path).toBe(true);
    expect(trashFiles()).toEqual([]);
    expect(readdirSync(join(trashDir, 'info'))).toEqual([]);
    expect(must(await t.core.api.getPhoto(group[1]!.id)).tags).toEqual(['Kept safe']);
    expect(must(await t.core.api.getPhoto(keep!.id)).tags).toEqual([]);
    expect(t.logs.some((l) => l.message === 'put back photos a crash had left in the trash' && l.data?.count === 2)).toBe(true);
    await t.core.idle();
    const counts = must(await t.core.api.status()).counts;
    expect({ photos: counts.photos, missing: counts.missing }).toEqual({ photos: fileCount, missing: 0 });
    const db = openCatalog(t.paths.catalogFile);
    expect(pendingRows(db)).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM trash_log`).pluck().get()).toBe(0);
    db.close();
  });

  it('undo after one file was put back by hand from the file manager: that photo keeps its tags too', async () => {
    process.env.SHOEBOX_TRASH = trashDir;
    const [keep, ...remove] = group;
    const done = must(await t.core.api.resolveDuplicates({ keepId: keep!.id, removeIds: remove.map((p) => p.id) }));
    expect(must(await t.core.api.getPhoto(keep!.id)).tags).toEqual(['Kept safe']);
    const byHand = remove[0]!;
    renameSync(join(trashDir, 'files', basename(byHand.path)), byHand.path);
    rmSync(join(trashDir, 'info', `${basename(byHand.path)}.trashinfo`));
    expect(must(await t.core.api.undoTrash({ undoId: done.undoId! }))).toEqual({ restored: 2, left: [] });
    for (const p of group) expect(existsSync(p.path), p.path).toBe(true);
    expect(must(await t.core.api.getPhoto(byHand.id)).tags).toEqual(['Kept safe']);
    expect(must(await t.core.api.getPhoto(keep!.id)).tags).toEqual([]);
    expect(trashFiles()).toEqual([]);
  });

  it('a catalog that refuses the change: the files come straight back and the error says nothing changed', async () => {
    const db = openCatalog(t.paths.catalogFile);
    const refusing = new Proxy(db, {
      get: (target, key, receiver) =>
        key === 'transaction'
          ? () => {
              throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
            }
          : (Reflect.get(target, key, receiver) as unknown),
    });
    const [keep, ...remove] = group;
    await expect(resolveDuplicates(refusing, keep!.id, [remove[0]!.id], { dir: trashDir })).rejects.toBeInstanceOf(CatalogWriteError);
    expect(existsSync(remove[0]!.path)).toBe(true);
    expect(trashFiles()).toEqual([]);
    expect(pendingRows(db)).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM photos WHERE id = ?`).pluck().get(remove[0]!.id)).toBe(1);
    db.close();
  });
});
