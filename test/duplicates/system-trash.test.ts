/** Where the system keeps its own trash (macOS, Windows through Electron): files go there, undo says where they are. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { insertFolder } from '../../main/core/catalog/folders.js';
import { resolveDuplicates, undoResolve } from '../../main/core/duplicates/resolve.js';
import { tempCatalog } from '../catalog/temp-catalog.js';

const cat = tempCatalog();
afterAll(() => cat.cleanup());

describe('the system trash', () => {
  it('takes the file through the system, forgets the photo, and undo says to put it back from there', async () => {
    const folder = insertFolder(cat.db, cat.dir, null);
    const file = join(cat.dir, 'copy.jpg');
    writeFileSync(file, 'x');
    const id = Number(
      cat.db
        .prepare(`INSERT INTO photos (folder_id, path, size, mtime_ms, added_at, updated_at) VALUES (?, ?, 1, 0, 0, 0)`)
        .run(folder, file).lastInsertRowid,
    );
    const taken: string[] = [];
    const done = await resolveDuplicates(cat.db, null, [id], { system: async (p) => void taken.push(p) });
    expect(done).toMatchObject({ trashed: 1, kept: [] });
    expect(taken).toEqual([file]);
    expect(cat.db.prepare('SELECT 1 FROM photos WHERE id = ?').get(id)).toBeUndefined();
    const undone = await undoResolve(cat.db, done.undoId!);
    expect(undone).toEqual({ restored: 0, left: [{ path: file, reason: 'it is in the system trash: put it back from there' }] });
    expect(cat.db.prepare('SELECT 1 FROM photos WHERE id = ?').get(id)).toBeUndefined();
    expect(existsSync(file)).toBe(true); // the fake system trash left it where it was
  });
});
