/** The paged reads over every vector walk the embeddings by key: never a sort of the whole library for each page. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCatalog } from '../../main/core/catalog/db.js';
import { LOAD_PAGE_SQL } from '../../main/core/search/vector-index.js';
import { STALE_PAGE_SQL } from '../../main/core/tags/suggest-store.js';

const dir = mkdtempSync(join(tmpdir(), 'shoebox-plans-'));
const db = openCatalog(join(dir, 'catalog.db'));
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The query plan's steps, outer loop first. */
const plan = (sql: string): string[] => {
  const params = Array<number>(sql.split('?').length - 1).fill(0);
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
};

describe('paged reads of every vector', () => {
  it.each([
    ['the search index load', LOAD_PAGE_SQL],
    ['the tag suggestions pass', STALE_PAGE_SQL],
  ])('%s takes each page by the embeddings key, joining photos by id, with no sort', (_, sql) => {
    const steps = plan(sql);
    // 1M photos in pages of 1,024: a plan that walks the photos and sorts them repeats that walk for every page.
    expect(steps[0]).toMatch(/^SEARCH e USING (COVERING )?INDEX sqlite_autoindex_embeddings_1 \(photo_id>\?\)$/);
    expect(steps[1]).toBe('SEARCH p USING INTEGER PRIMARY KEY (rowid=?)');
    expect(steps.join(' | ')).not.toMatch(/TEMP B-TREE/);
  });
});
