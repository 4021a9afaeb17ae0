/** The folder tree and the library's sort orders: counts per directory, directory pages, and each order's index. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FolderNode } from '../../preload/contract.js';
import type { Db } from '../../main/core/catalog/db.js';
import { folderTree } from '../../main/core/catalog/folder-tree.js';
import { insertFolder } from '../../main/core/catalog/folders.js';
import { orderBySql, orderIndex, PHOTO_ORDERS } from '../../main/core/catalog/photo-order.js';
import { listPhotoPage, rotatePhotos } from '../../main/core/catalog/photo-queries.js';
import { photoSummaries } from '../../main/core/search/photo-summaries.js';
import { tempCatalog } from './temp-catalog.js';

let cat: ReturnType<typeof tempCatalog>;
let db: Db;
const A = join('/lib', 'A');
const B = join('/lib', 'B');
/** Relative path → [taken_at, size, added_at, presence]. */
const PHOTOS: Record<string, [number | null, number, number, 'present' | 'missing']> = {
  'A/a1.jpg': [5, 300, 1, 'present'],
  'A/Z2.jpg': [1, 100, 2, 'present'],
  'A/2021/x.jpg': [9, 50, 3, 'present'],
  'A/2021/summer/y.jpg': [7, 900, 4, 'present'],
  'A/2021/summer/b.jpg': [null, 10, 5, 'present'],
  'A/2021/summer/gone.jpg': [8, 10, 6, 'missing'],
  'A/2021 copy/c.jpg': [3, 20, 7, 'present'],
  'A/2022/deep/er/d.jpg': [2, 40, 8, 'present'],
  'B/e.jpg': [4, 60, 9, 'present'],
  'C/hidden.jpg': [6, 70, 10, 'present'],
};

beforeAll(() => {
  cat = tempCatalog();
  db = cat.db;
  const ids = { A: insertFolder(db, A, null), B: insertFolder(db, B, null), C: insertFolder(db, join('/lib', 'C'), null) };
  db.prepare('UPDATE folders SET removed_at = 1 WHERE id = ?').run(ids.C);
  const insert = db.prepare(
    `INSERT INTO photos (folder_id, path, size, mtime_ms, taken_at, presence, added_at, updated_at) VALUES (?, ?, ?, 100, ?, ?, ?, 0)`,
  );
  for (const [rel, [taken, size, added, presence]] of Object.entries(PHOTOS)) {
    insert.run(ids[rel[0] as 'A' | 'B' | 'C'], join('/lib', rel), size, taken, presence, added);
  }
});
afterAll(() => cat.cleanup());

/** The tree as "path total/own" lines, depth-first. */
function lines(node: FolderNode): string[] {
  return [`${node.path} ${node.totalCount}/${node.photoCount}`, ...node.children.flatMap(lines)];
}

const names = (rows: { path: string }[]): string[] => rows.map((r) => r.path.slice('/lib/'.length));

describe('folder tree', () => {
  it('nests every directory with photos under its library folder, with own and total counts of present photos', () => {
    const tree = folderTree(db);
    expect(tree.flatMap(lines)).toEqual([
      `${A} 7/2`,
      `${join(A, '2021')} 3/1`,
      `${join(A, '2021', 'summer')} 2/2`,
      `${join(A, '2021 copy')} 1/1`,
      `${join(A, '2022')} 1/0`,
      `${join(A, '2022', 'deep')} 1/0`,
      `${join(A, '2022', 'deep', 'er')} 1/1`,
      `${B} 1/1`,
    ]);
    expect(tree[0]!.children.map((c) => c.name)).toEqual(['2021', '2021 copy', '2022']);
  });

  it('pages one directory alone or with its subdirectories, never a sibling that shares its name as a prefix', () => {
    const own = listPhotoPage(db, { offset: 0, limit: 50, dir: join(A, '2021') });
    expect(names(own.rows)).toEqual(['A/2021/x.jpg']);
    const deep = listPhotoPage(db, { offset: 0, limit: 50, dir: `${join(A, '2021')}/`, recursive: true });
    expect(deep.total).toBe(3);
    // b.jpg has no date taken: its file time (100) sorts it first.
    expect(names(deep.rows)).toEqual(['A/2021/summer/b.jpg', 'A/2021/x.jpg', 'A/2021/summer/y.jpg']);
  });
});

describe('sort orders', () => {
  const present = Object.entries(PHOTOS).filter(([rel, v]) => v[3] === 'present' && !rel.startsWith('C'));
  const expected: Record<string, string[]> = {
    date: present.sort((a, b) => (b[1][0] ?? 100) - (a[1][0] ?? 100)).map(([rel]) => rel),
    added: [...present].sort((a, b) => b[1][2] - a[1][2]).map(([rel]) => rel),
    name: [...present]
      .sort((a, b) => a[0].split('/').pop()!.toLowerCase().localeCompare(b[0].split('/').pop()!.toLowerCase()))
      .map(([rel]) => rel),
    size: [...present].sort((a, b) => b[1][1] - a[1][1]).map(([rel]) => rel),
  };

  it.each(PHOTO_ORDERS)('lists the library by %s, paging without overlap', (sort) => {
    const first = listPhotoPage(db, { offset: 0, limit: 4, sort });
    const rest = listPhotoPage(db, { offset: 4, limit: 50, sort });
    expect(first.total).toBe(expected[sort]!.length);
    expect([...names(first.rows), ...names(rest.rows)]).toEqual(expected[sort]);
  });

  it.each(PHOTO_ORDERS)('pages the whole library by %s from an index, without sorting every photo', (sort) => {
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT p.id FROM photos p INDEXED BY ${orderIndex(sort)} WHERE p.presence = 'present'
         ORDER BY ${orderBySql(sort)} LIMIT 10`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('; ')).not.toMatch(/TEMP B-TREE/);
  });
});

describe('rotation', () => {
  it('adds quarter turns modulo a full turn, either way, and shows in the summaries', () => {
    const id = (db.prepare(`SELECT id FROM photos WHERE path = ?`).get(join('/lib', 'B/e.jpg')) as { id: number }).id;
    const rotation = () => photoSummaries(db, [id])[0]!.rotation;
    expect(rotation()).toBe(0);
    expect(rotatePhotos(db, [id], -1)).toBe(1);
    expect(rotation()).toBe(270);
    rotatePhotos(db, [id], 2);
    expect(rotation()).toBe(90);
    rotatePhotos(db, [id], -1);
    expect(rotation()).toBe(0);
  });
});
