/** A subfolder moved out of the library and back (real files, real chokidar): every photo goes missing, none is removed. */
import { afterEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { getEmbedding, saveEmbedding } from '../../main/core/catalog/embeddings.js';
import { missingGroups } from '../../main/core/catalog/photos.js';
import { tagPhoto, tagsOf } from '../catalog/temp-catalog.js';
import { harness, photoAt, waitFor, writePhoto, type Harness } from './harness.js';

let h: Harness;
afterEach(() => h.close());

const SUB_PHOTOS = 12;
/** The first few photos of the subfolder also have byte-identical copies elsewhere in the library. */
const WITH_COPIES = 8;

describe('a subfolder moved out of the library', () => {
  it('leaves all its photos missing (copies elsewhere or not), grouped, and re-links them all with tags when it comes back elsewhere', async () => {
    h = harness();
    const root = join(h.dir, 'roots', 'Photos');
    const sub = join(root, 'Trips', '2019');
    const names = Array.from({ length: SUB_PHOTOS }, (_, i) => `trip-${i}.jpg`);
    for (const [i, name] of names.entries()) await writePhoto(join(sub, name), { r: 20 * i, g: 255 - 20 * i, b: 7 * i });
    mkdirSync(join(root, 'Copies'), { recursive: true });
    for (const name of names.slice(0, WITH_COPIES)) copyFileSync(join(sub, name), join(root, 'Copies', name));
    const added = await h.library.addFolder(root);
    if (!added.ok) throw new Error(added.error.message);
    await h.library.startWatching({ reconcile: false });
    h.indexed.length = 0;
    const ids = names.map((name) => {
      const id = photoAt(h.db, join(sub, name))!.id;
      tagPhoto(h.db, id, `trip ${name}`);
      saveEmbedding(h.db, id, 'model', new Float32Array([id, 0, 1]), 'hash');
      return id;
    });

    const outside = join(h.dir, 'elsewhere', '2019');
    mkdirSync(join(h.dir, 'elsewhere'));
    renameSync(sub, outside);
    await waitFor('every photo of the moved subfolder missing', () =>
      names.every((n) => photoAt(h.db, join(sub, n))?.presence === 'missing'),
    );
    await h.library.idle();
    expect(names.map((n) => photoAt(h.db, join(sub, n))?.id)).toEqual(ids);
    expect(missingGroups(h.db)).toEqual([expect.objectContaining({ folderPath: root, dir: sub, count: SUB_PHOTOS })]);
    for (const name of names.slice(0, WITH_COPIES)) expect(photoAt(h.db, join(root, 'Copies', name))?.presence).toBe('present');

    const back = join(root, 'Archive', '2019');
    mkdirSync(join(root, 'Archive'));
    renameSync(outside, back);
    await waitFor('every photo re-linked at its new place', () => names.every((n) => photoAt(h.db, join(back, n))?.presence === 'present'));
    await h.library.idle();
    expect(names.map((n) => photoAt(h.db, join(back, n))?.id)).toEqual(ids);
    for (const [i, id] of ids.entries()) {
      expect(tagsOf(h.db, id)).toEqual([`trip ${names[i]}`]);
      expect(Array.from(getEmbedding(h.db, id, 'model')!)).toEqual([id, 0, 1]);
    }
    expect(missingGroups(h.db)).toEqual([]);
    expect(h.allIndexed().filter((id) => ids.includes(id))).toEqual([]);
  });
});
