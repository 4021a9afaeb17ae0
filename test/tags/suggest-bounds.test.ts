/** Suggestions on a real SQLite catalog with known vectors: per-photo bound, both score kinds, no tag rows until accepted. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listVocabulary } from '../../main/core/tags/concepts.js';
import { PromptEmbeddingCache } from '../../main/core/tags/prompt-embeddings.js';
import { suggestTags } from '../../main/core/tags/suggest.js';
import type { PlanDeps } from '../../main/core/tags/suggest-plan.js';
import { acceptSuggestions, reviewGroups, tagCandidates } from '../../main/core/tags/suggestion-review.js';
import { listTags } from '../../main/core/tags/tag-store.js';
import { undoLast } from '../../main/core/tags/undo-log.js';
import { loadVocabulary } from '../../main/core/tags/vocabulary.js';
import { MODEL, fakeEmbedText, makeCatalog, prng, type TestCatalog, type TestColour } from '../search/catalog-fixture.js';

/** SigLIP B/16-224's published scalars: a realistic calibration for the stand-in text tower. */
const SIGLIP = { logitScaleLog: Math.log(117.330765), logitBias: -12.932437 };
const PRESENT: TestColour[] = ['red', 'green', 'blue'];
const ctx = { sensitivity: 0.5, calibrated: false };

let cat: TestCatalog;
let deps: PlanDeps;
const colourOf = new Map<number, TestColour>();

beforeEach(() => {
  cat = makeCatalog();
  colourOf.clear();
  const rand = prng(11);
  for (let i = 0; i < 70; i++) for (const colour of PRESENT) colourOf.set(cat.addPhoto({ colour }, rand), colour);
  deps = {
    db: cat.db,
    vocabulary: loadVocabulary(),
    prompts: new PromptEmbeddingCache(),
    embedText: fakeEmbedText(),
    modelKey: () => MODEL,
    calibration: async () => null,
    maxPerPhoto: () => 4,
  };
});
afterEach(() => cat.close());

function pendingPerPhoto(): number[] {
  const rows = cat.db
    .prepare(
      `SELECT photo_id, COUNT(*) AS n FROM (SELECT photo_id FROM suggestions WHERE status = 'pending'
         UNION ALL SELECT photo_id FROM concept_suggestions WHERE status = 'pending') GROUP BY photo_id`,
    )
    .all() as { n: number }[];
  return rows.map((r) => r.n);
}

function pendingOf(name: string): number[] {
  return (
    cat.db
      .prepare(
        `SELECT cs.photo_id AS id FROM concept_suggestions cs JOIN concepts c ON c.id = cs.concept_id WHERE c.name = ? AND cs.status = 'pending' ORDER BY 1`,
      )
      .all(name) as { id: number }[]
  ).map((r) => r.id);
}

const idsOf = (colour: TestColour): number[] =>
  [...colourOf]
    .filter(([, c]) => c === colour)
    .map(([id]) => id)
    .sort((a, b) => a - b);

describe.each([
  ['uncalibrated', null],
  ['calibrated', SIGLIP],
] as const)('%s model', (_, calibration) => {
  it('keeps to the per-photo bound, proposes each colour for its photos, and creates no tag rows', async () => {
    deps.calibration = async () => calibration;
    const r = await suggestTags(deps);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.photos).toBe(210);
    const counts = pendingPerPhoto();
    expect(counts.length).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeLessThanOrEqual(4);
    for (const colour of PRESENT) {
      const best = value(tagCandidates(cat.db, ctx, `Colours/${colour[0]!.toUpperCase()}${colour.slice(1)}`, 0, 500)).slice(0, 70);
      expect(best.map((c) => c.photo.id).sort((a, b) => a - b)).toEqual(idsOf(colour));
    }
    expect(listTags(cat.db)).toEqual([]);
    expect(cat.db.prepare('SELECT COUNT(*) AS n FROM tags').get()).toEqual({ n: 0 });
    const vocabulary = listVocabulary(cat.db);
    expect(vocabulary.length).toBe(deps.vocabulary.entries.length);
    expect(vocabulary.find((c) => c.name === 'Colours/Red')).toEqual(
      expect.objectContaining({ isTag: false, pendingSuggestions: pendingOf('Colours/Red').length }),
    );
    expect(pendingOf('Colours/Red').length).toBeGreaterThanOrEqual(70);
  });
});

describe('relative scores', () => {
  it('offer no colour the library does not have, though some photo is always the closest to it', async () => {
    value(await suggestTags(deps));
    expect(pendingOf('Colours/Yellow')).toEqual([]);
    expect(pendingOf('Colours/Purple')).toEqual([]);
    for (const colour of PRESENT) expect(pendingOf(`Colours/${colour[0]!.toUpperCase()}${colour.slice(1)}`)).toEqual(idsOf(colour));
    // The stand-in text tower sees only colour words: "Blue sky" is as blue as "Colours/Blue" to it.
    const groups = reviewGroups(cat.db, ctx).map((g) => g.tag);
    expect(groups).toContain('Colours/Red');
    for (const g of groups) expect(g).toMatch(/red|green|blue/i);
  });
});

describe('accepting a concept', () => {
  it('makes it a tag only then, keeps it out of the vocabulary counts, and undo restores the proposals exactly', async () => {
    value(await suggestTags(deps));
    const dump = (): string =>
      JSON.stringify(
        ['tags', 'photo_tags', 'suggestions', 'concept_suggestions'].map((t) => cat.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()),
      );
    const before = dump();
    const applied = value(acceptSuggestions(cat.db, ctx, { tag: 'Colours/Red', photoIds: idsOf('red').slice(0, 5) }));
    expect(applied.change.photos).toBe(5);
    expect(listTags(cat.db).map((t) => [t.name, t.photoCount, t.pendingSuggestions])).toEqual([['Colours/Red', 5, 65]]);
    expect(listVocabulary(cat.db).find((c) => c.name === 'Colours/Red')).toEqual(
      expect.objectContaining({ isTag: true, pendingSuggestions: 65 }),
    );
    // A new pass keeps the moved proposals: the tag has the concept's prompt, so nothing is scored again.
    const again = value(await suggestTags(deps));
    expect(again.photos).toBe(0);
    expect(undoLast(cat.db)).not.toBeNull();
    expect(dump()).toBe(before);
    expect(listTags(cat.db)).toEqual([]);
  });
});

function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('a tag the person creates', () => {
  it('is scored over the library at once, by its own name', async () => {
    value(await suggestTags(deps));
    const { createTag } = await import('../../main/core/tags/tag-store.js');
    const before = cat.db.prepare('SELECT COUNT(*) AS n FROM tags').get();
    value(createTag(cat.db, 'Reds'));
    expect(createTag(cat.db, 'reds').ok).toBe(false);
    const again = value(await suggestTags(deps));
    expect(again.photos).toBe(210);
    const reds = cat.db
      .prepare(
        `SELECT s.photo_id AS id FROM suggestions s JOIN tags t ON t.id = s.tag_id WHERE t.name = 'Reds' AND s.status = 'pending' ORDER BY 1`,
      )
      .all() as { id: number }[];
    expect(reds.map((r) => r.id)).toEqual(idsOf('red'));
    expect(Math.max(...pendingPerPhoto())).toBeLessThanOrEqual(4);
    expect(undoLast(cat.db)).not.toBeNull();
    expect(cat.db.prepare('SELECT COUNT(*) AS n FROM tags').get()).toEqual(before);
  });
});

describe('migration of a catalog from before the vocabulary had its own table', () => {
  it('moves unused machine-made tags into the vocabulary with their open proposals; every used or own tag stays', async () => {
    const Database = (await import('better-sqlite3')).default;
    const { migrate } = await import('../../main/core/catalog/db.js');
    const { migrations } = await import('../../main/core/catalog/migrations.js');
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    for (const m of migrations.filter((m) => m.version <= 3)) db.exec(m.sql);
    db.pragma('user_version = 3');
    db.exec(`INSERT INTO folders (id, path, added_at) VALUES (1, '/lib', 0);
      INSERT INTO photos (id, folder_id, path, size, mtime_ms, added_at, updated_at) VALUES (1, 1, '/lib/a.jpg', 1, 0, 0, 0), (2, 1, '/lib/b.jpg', 1, 0, 0, 0);
      INSERT INTO tags (id, name, category, prompt, created_at) VALUES
        (1, 'Animals/Dog', 'Animals', 'a dog', 0), (2, 'Colours/Red', 'Colours', 'the colour red', 0), (3, 'Family', NULL, NULL, 0);
      INSERT INTO photo_tags (photo_id, tag_id, source, score, created_at) VALUES (1, 2, 'suggestion', 0.9, 0);
      INSERT INTO suggestions (photo_id, tag_id, model_id, score, status, updated_at) VALUES
        (1, 1, 'm', 0.3, 'pending', 0), (2, 1, 'm', 0.2, 'rejected', 0), (2, 2, 'm', 0.4, 'pending', 0), (1, 2, 'm', 0.9, 'accepted', 0);`);
    migrate(db);
    expect(db.prepare('SELECT name FROM tags ORDER BY name').all()).toEqual([{ name: 'Colours/Red' }, { name: 'Family' }]);
    expect(db.prepare('SELECT photo_id, tag_id, status FROM suggestions ORDER BY 1, 2').all()).toEqual([
      { photo_id: 1, tag_id: 2, status: 'accepted' },
      { photo_id: 2, tag_id: 2, status: 'pending' },
    ]);
    expect(
      db
        .prepare('SELECT c.name, cs.photo_id, cs.status FROM concept_suggestions cs JOIN concepts c ON c.id = cs.concept_id ORDER BY 2')
        .all(),
    ).toEqual([
      { name: 'Animals/Dog', photo_id: 1, status: 'pending' },
      { name: 'Animals/Dog', photo_id: 2, status: 'rejected' },
    ]);
    db.close();
  });
});
