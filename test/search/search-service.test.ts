/** The search service over a real SQLite catalog with known vectors: text, negation, filters, similar, cut-off, errors. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchRequest } from '../../preload/contract.js';
import { createSearchService, type SearchService } from '../../main/core/search/search-service.js';
import { VectorIndex } from '../../main/core/search/vector-index.js';
import { addTags } from '../../main/core/tags/tag-edit.js';
import { COLOURS, MODEL, dumpTables, fakeEmbedText, makeCatalog, type TestCatalog, type TestColour } from './catalog-fixture.js';

const day = (iso: string): number => new Date(`${iso}T12:00:00`).getTime();

let cat: TestCatalog;
let service: SearchService;
const colourOf = new Map<number, TestColour>();

beforeEach(() => {
  cat = makeCatalog();
  colourOf.clear();
  COLOURS.forEach((colour, c) => {
    for (let i = 0; i < 5; i++) {
      const id = cat.addPhoto({
        colour,
        takenAt: day(`2023-0${1 + ((c + i) % 9)}-1${i}`),
        camera: i % 2 === 0 ? ['Canon', 'EOS R5'] : ['FUJIFILM', 'X-T4'],
        gps: i === 0,
        format: i === 4 ? 'png' : 'jpeg',
        sub: i < 2 ? 'trip' : '',
      });
      colourOf.set(id, colour);
    }
  });
  const index = VectorIndex.fromCatalog(cat.db, MODEL);
  service = createSearchService({
    db: cat.db,
    getIndex: () => index,
    embedText: fakeEmbedText(),
    getCalibration: () => ({ logitScaleLog: Math.log(10), logitBias: -5 }),
    modelId: () => MODEL,
  });
});
afterEach(() => cat.close());

async function run(req: SearchRequest) {
  const r = await service.search(req);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('search service', () => {
  it('ranks every photo of the queried colour first, with probabilities and a cut-off', async () => {
    const page = await run({ query: 'red', includeWeak: true, limit: 500 });
    expect(page.total).toBe(30);
    expect(page.hits.slice(0, 5).map((h) => colourOf.get(h.photo.id))).toEqual(Array(5).fill('red'));
    expect(page.hits.slice(5).every((h) => colourOf.get(h.photo.id) !== 'red')).toBe(true);
    expect(page.cutoff.kind).toBe('probability');
    expect(page.strongCount).toBe(5);
    expect(page.weakCount).toBe(25);
    expect(page.hits[0]!.probability).toBeGreaterThan(0.5);
    const strongOnly = await run({ query: 'red' });
    expect(strongOnly.hits.map((h) => colourOf.get(h.photo.id))).toEqual(Array(5).fill('red'));
  });

  it('pushes away from a negative term and combines concepts with a relative cut-off', async () => {
    const both = await run({ query: 'red, blue', includeWeak: true, limit: 10 });
    expect(new Set(both.hits.map((h) => colourOf.get(h.photo.id)))).toEqual(new Set(['red', 'blue']));
    expect(both.cutoff.kind).toBe('relative');
    const neg = await run({ query: 'red -blue', includeWeak: true, limit: 500 });
    const order = neg.hits.map((h) => colourOf.get(h.photo.id));
    expect(order.slice(0, 5)).toEqual(Array(5).fill('red'));
    expect(order.slice(-5)).toEqual(Array(5).fill('blue'));
  });

  it('combines filters with text and lists by date without a query', async () => {
    const page = await run({ query: 'green', filters: { camera: 'canon', type: 'jpg' }, includeWeak: true });
    expect(page.hits.length).toBeGreaterThan(0);
    for (const h of page.hits) expect(h.photo.path).toMatch(/\.jpg$/);
    expect(page.total).toBe(12);
    const byDate = await run({ filters: { from: '2023-03-01', to: '2023-03-31' } });
    expect(byDate.cutoff.kind).toBe('none');
    expect(byDate.hits.length).toBeGreaterThan(0);
    for (const h of byDate.hits) expect(new Date(h.photo.takenAt!).getMonth()).toBe(2);
    const takenAt = byDate.hits.map((h) => h.photo.takenAt!);
    expect([...takenAt].sort((a, b) => b - a)).toEqual(takenAt);
    expect((await run({ filters: { hasLocation: true } })).total).toBe(6);
    expect((await run({ filters: { folder: `${cat.dir}/lib/trip` } })).total).toBe(12);
    expect((await run({ filters: { folder: String(cat.folderId) } })).total).toBe(30);
    expect((await run({ query: '   ' })).total).toBe(30);
  });

  it('filters by tags and untagged', async () => {
    const first = [...colourOf.keys()].slice(0, 3);
    expect(addTags(cat.db, first, ['Trips/Paris']).ok).toBe(true);
    expect((await run({ filters: { tags: ['trips / paris'] } })).hits.map((h) => h.photo.id).sort()).toEqual(first.sort());
    expect((await run({ filters: { untagged: true } })).total).toBe(27);
  });

  it('finds similar photos, excluding the photo itself', async () => {
    const blue = [...colourOf].find(([, c]) => c === 'blue')![0];
    const page = await run({ similarTo: blue, includeWeak: true, limit: 4 });
    expect(page.hits.map((h) => h.photo.id)).not.toContain(blue);
    expect(page.hits.map((h) => colourOf.get(h.photo.id))).toEqual(Array(4).fill('blue'));
    expect(page.cutoff.kind).toBe('relative');
    expect(page.strongCount).toBe(4);
  });

  it('pages results', async () => {
    const all = await run({ query: 'yellow', includeWeak: true, limit: 500 });
    const second = await run({ query: 'yellow', includeWeak: true, offset: 10, limit: 10 });
    expect(second.hits.map((h) => h.photo.id)).toEqual(all.hits.slice(10, 20).map((h) => h.photo.id));
  });

  it.each<[SearchRequest, string, RegExp]>([
    [{ query: 'x'.repeat(10_240) }, 'invalid_input', /^Query too long \(10,240 characters; at most 1,000\)$/],
    [{ query: 'red', filters: { from: '2023-13-45' } }, 'invalid_input', /Invalid "from" date "2023-13-45": use YYYY-MM-DD/],
    [{ filters: { to: '2023-02-30' } }, 'invalid_input', /Invalid "to" date/],
    [{ query: 'red', filters: { tags: ['Nope'] } }, 'not_found', /No tag named "Nope"/],
    [{ similarTo: 999_999 }, 'not_found', /No photo with id 999999/],
    [{ query: 'red', limit: 501 }, 'invalid_input', /limit must be a whole number from 1 to 500/],
    [{ query: '"red' }, 'invalid_input', /Unclosed quote/],
  ])('rejects bad input clearly and changes nothing (%#)', async (req, code, message) => {
    const before = dumpTables(cat.db);
    const r = await service.search(req);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(message);
    }
    expect(dumpTables(cat.db)).toBe(before);
  });

  it('treats emoji and SQL-like text as plain text', async () => {
    const before = dumpTables(cat.db);
    for (const query of ["'; DROP TABLE photos; --", '🐶🏖️ red', 'red" OR 1=1 --"']) {
      const r = await service.search({ query, filters: { camera: "'; DROP TABLE photos; --" } });
      expect(r.ok).toBe(true);
    }
    expect(dumpTables(cat.db)).toBe(before);
  });

  it('says when no model is ready', async () => {
    const none = createSearchService({
      db: cat.db,
      getIndex: () => null,
      embedText: fakeEmbedText(),
      getCalibration: () => null,
      modelId: () => null,
    });
    const r = await none.search({ query: 'red' });
    expect(r.ok ? null : r.error.code).toBe('no_model');
    expect((await none.search({})).ok).toBe(true);
  });
});
