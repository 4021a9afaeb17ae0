/** `tags rename A A` changes nothing, so it records no undo entry (an undo would otherwise undo an earlier edit's slot). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addTags, renameTag } from '../../main/core/tags/tag-edit.js';
import { undoLast } from '../../main/core/tags/undo-log.js';
import { dumpTables, makeCatalog, type TestCatalog } from '../search/catalog-fixture.js';

let cat: TestCatalog;
beforeEach(() => {
  cat = makeCatalog();
});
afterEach(() => cat.close());

const undoCount = (): number => (cat.db.prepare('SELECT COUNT(*) AS n FROM undo_log').get() as { n: number }).n;

describe('renameTag onto its own name', () => {
  it('succeeds as a no-op: tables unchanged, not undoable, no undo entry; the next undo undoes the real edit', () => {
    const photo = cat.addPhoto({ colour: 'red' });
    expect(addTags(cat.db, [photo], ['Trips/Rome']).ok).toBe(true);
    const entries = undoCount();
    const before = dumpTables(cat.db, ['tags', 'photo_tags']);
    const same = renameTag(cat.db, 'Trips/Rome', 'Trips/Rome');
    expect(same).toMatchObject({ ok: true, value: { change: { undoable: false, photos: 0 } } });
    expect(undoCount()).toBe(entries);
    expect(dumpTables(cat.db, ['tags', 'photo_tags'])).toBe(before);
    expect(undoLast(cat.db)?.label).toMatch(/^Undid: Added "Trips\/Rome"/);
  });
});
