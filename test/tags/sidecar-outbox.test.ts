/** The sidecar outbox: every kind of tag edit queues its photos in its own transaction, and each drain leaves sidecars equal to the catalog. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Db } from '../../main/core/catalog/db.js';
import type { Core } from '../../main/core/core.js';
import type { CorePaths } from '../../main/core/paths.js';
import { classifyFile } from '../../main/core/library/file-kinds.js';
import { deleteTag, mergeTags, renameTag } from '../../main/core/tags/tag-edit.js';
import { must } from '../helpers/temp-core.js';
import { addFolder, libraryPaths, openTestCore, writeJpegs } from '../catalog/library-fixture.js';

let root: string;
let photos: string[];
let paths: CorePaths;
let core: Core;
let ids: number[];

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => `${x as string}`) : v === undefined ? [] : [`${v as string}`]);

/** TagsList of each photo's sidecar, read by exiftool in one call (absent sidecar: none). */
function sidecarTags(): string[][] {
  const files = photos.map((p) => p.replace(/\.jpg$/, '.xmp')).filter((f) => existsSync(f));
  const read =
    files.length === 0
      ? []
      : (JSON.parse(execFileSync('exiftool', ['-j', '-XMP:all', ...files], { encoding: 'utf8' })) as Record<string, unknown>[]);
  const byFile = new Map(read.map((e) => [String(e.SourceFile), list(e.TagsList).sort()]));
  return photos.map((p) => byFile.get(p.replace(/\.jpg$/, '.xmp')) ?? []);
}

function catalogTags(db: Db): string[][] {
  return ids.map((id) =>
    (
      db.prepare('SELECT t.name FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.photo_id = ? ORDER BY t.name').all(id) as {
        name: string;
      }[]
    ).map((r) => r.name),
  );
}

const outbox = (db: Db) =>
  (db.prepare('SELECT photo_id AS id FROM sidecar_outbox ORDER BY photo_id').all() as { id: number }[]).map((r) => r.id);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'shoebox-outbox-'));
  photos = await writeJpegs(join(root, 'photos'), 4);
  paths = libraryPaths(join(root, 'library'), root);
  core = await openTestCore(paths);
  must(await core.api.updateSettings({ writeXmp: true }));
  await addFolder(core, join(root, 'photos'));
  ids = photos.map((p) => core.photoIdByPath(p)!);
});
afterAll(async () => {
  await core.close();
  await rm(root, { recursive: true, force: true });
});

describe('sidecar outbox', () => {
  it('queues the photos of rename, merge and delete in the edit’s own transaction', () => {
    const db = openCatalog(paths.catalogFile);
    try {
      db.transaction(() => {
        db.prepare(`INSERT INTO tags (name, created_at) VALUES ('A', 0), ('B', 0)`).run();
        db.prepare(
          `INSERT INTO photo_tags (photo_id, tag_id, source, created_at) SELECT ?, id, 'manual', 0 FROM tags WHERE name = 'A'`,
        ).run(ids[0]);
        db.prepare(
          `INSERT INTO photo_tags (photo_id, tag_id, source, created_at) SELECT ?, id, 'manual', 0 FROM tags WHERE name = 'B'`,
        ).run(ids[1]);
      })();
      db.prepare('DELETE FROM sidecar_outbox').run();
      expect(renameTag(db, 'A', 'A2').ok).toBe(true);
      expect(outbox(db)).toEqual([ids[0]]);
      db.prepare('DELETE FROM sidecar_outbox').run();
      expect(mergeTags(db, ['A2', 'B'], 'C').ok).toBe(true);
      expect(outbox(db)).toEqual([ids[0], ids[1]]);
      db.prepare('DELETE FROM sidecar_outbox').run();
      expect(deleteTag(db, 'C').ok).toBe(true);
      expect(outbox(db)).toEqual([ids[0], ids[1]]);
      // A failed edit rolls back its outbox rows with it.
      db.prepare('DELETE FROM sidecar_outbox').run();
      expect(() =>
        db.transaction(() => {
          db.prepare(`INSERT INTO tags (name, created_at) VALUES ('D', 0)`).run();
          db.prepare(
            `INSERT INTO photo_tags (photo_id, tag_id, source, created_at) SELECT ?, id, 'manual', 0 FROM tags WHERE name = 'D'`,
          ).run(ids[2]);
          throw new Error('edit failed');
        })(),
      ).toThrow('edit failed');
      expect(outbox(db)).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('after each API edit (add, remove, rename, merge, delete, undo) every sidecar equals the catalog', async () => {
    const db = openCatalog(paths.catalogFile);
    try {
      const steps: [string, () => Promise<unknown>][] = [
        ['add', () => core.api.addTags({ photoIds: ids, names: ['Animals/Dog'] })],
        ['add more', () => core.api.addTags({ photoIds: ids.slice(0, 2), names: ['Holiday'] })],
        ['remove', () => core.api.removeTags({ photoIds: [ids[0]!], names: ['Animals/Dog'] })],
        ['rename', () => core.api.renameTag({ from: 'Holiday', to: 'Trips/Holiday' })],
        ['merge', () => core.api.mergeTags({ from: ['Animals/Dog', 'Trips/Holiday'], into: 'Mixed' })],
        ['undo merge', () => core.api.undo()],
        ['delete', () => core.api.deleteTag('Animals/Dog')],
        ['undo delete', () => core.api.undo()],
      ];
      for (const [name, step] of steps) {
        must((await step()) as { ok: true; value: unknown });
        expect(outbox(db), name).toEqual([]);
        expect(sidecarTags(), name).toEqual(catalogTags(db));
      }
      expect(catalogTags(db)[3]).toEqual(['Animals/Dog']);
    } finally {
      db.close();
    }
  });

  it('a sidecar write in progress is never taken for a file of the folder', () => {
    expect(classifyFile('/photos/IMG_1.xmp.shoebox-4242.tmp')).toBe('ignore');
    expect(classifyFile('/photos/IMG_1.xmp')).toBe('skip');
  });

  it('with write-back off, edits write no sidecar and leave nothing queued', async () => {
    must(await core.api.updateSettings({ writeXmp: false }));
    const before = sidecarTags();
    must(await core.api.addTags({ photoIds: ids, names: ['Off'] }));
    expect(sidecarTags()).toEqual(before);
    const db = openCatalog(paths.catalogFile);
    expect(outbox(db)).toEqual([]);
    db.close();
  });
});
