/** The camera filter's choices: one name per camera, counts of present photos, and each name finds its photos. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../main/core/catalog/db.js';
import { insertFolder } from '../../main/core/catalog/folders.js';
import { listCameras } from '../../main/core/catalog/photo-queries.js';
import { buildFilterSql } from '../../main/core/search/filters.js';
import { tempCatalog } from './temp-catalog.js';

let cat: ReturnType<typeof tempCatalog>;
let db: Db;

const PHOTOS: [make: string | null, model: string | null, presence: 'present' | 'missing'][] = [
  ['Canon', 'Canon EOS R6', 'present'],
  ['Canon', 'Canon EOS R6', 'present'],
  ['Canon', 'Canon EOS R6', 'present'],
  ['NIKON CORPORATION', 'NIKON D750', 'present'],
  ['NIKON CORPORATION', 'NIKON D750', 'present'],
  ['Apple', 'iPhone 12', 'present'],
  ['FUJIFILM', 'X-T3 ', 'present'],
  [null, null, 'present'],
  ['SONY', 'ILCE-7M3', 'missing'],
];

beforeAll(() => {
  cat = tempCatalog();
  db = cat.db;
  const folder = insertFolder(db, '/lib', null);
  const insert = db.prepare(
    `INSERT INTO photos (folder_id, path, size, mtime_ms, camera_make, camera_model, presence, added_at, updated_at)
     VALUES (?, ?, 1, 0, ?, ?, ?, 0, 0)`,
  );
  PHOTOS.forEach(([make, model, presence], i) => insert.run(folder, `/lib/${i}.jpg`, make, model, presence));
});
afterAll(() => cat.cleanup());

describe('listCameras', () => {
  it('names each camera once, most photos first, without repeating the make or counting missing photos', () => {
    expect(listCameras(db)).toEqual([
      { name: 'Canon EOS R6', photoCount: 3 },
      { name: 'NIKON D750', photoCount: 2 },
      { name: 'Apple iPhone 12', photoCount: 1 },
      { name: 'FUJIFILM X-T3', photoCount: 1 },
    ]);
  });

  it('offers names that the search filter matches to exactly the photos counted', () => {
    for (const camera of listCameras(db)) {
      const sql = buildFilterSql(db, { camera: camera.name });
      if (!sql.ok || !sql.value) throw new Error(`no filter for ${camera.name}`);
      const row = db
        .prepare(`SELECT COUNT(*) AS n FROM photos p WHERE p.presence = 'present' AND ${sql.value.where}`)
        .get(...sql.value.args) as { n: number };
      expect(row.n, camera.name).toBe(camera.photoCount);
    }
  });
});
