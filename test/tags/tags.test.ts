/** Tag edits, zero-shot suggestions, review and undo on a real SQLite catalog with known vectors. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listTags } from '../../main/core/tags/tag-store.js';
import { addTags, deleteTag, mergeTags, removeTags, renameTag } from '../../main/core/tags/tag-edit.js';
import { normalizeTagName } from '../../main/core/tags/tag-names.js';
import { PromptEmbeddingCache } from '../../main/core/tags/prompt-embeddings.js';
import { suggestTags } from '../../main/core/tags/suggest.js';
import type { PlanDeps } from '../../main/core/tags/suggest-plan.js';
import { acceptSuggestions, rejectSuggestions, reviewGroups, tagCandidates } from '../../main/core/tags/suggestion-review.js';
import { undoLast } from '../../main/core/tags/undo-log.js';
import { loadVocabulary } from '../../main/core/tags/vocabulary.js';
import { COLOURS, MODEL, dumpTables, fakeEmbedText, makeCatalog, type TestCatalog, type TestColour } from '../search/catalog-fixture.js';

const TAG_TABLES = ['tags', 'photo_tags', 'suggestions'];
const ctx = { sensitivity: 0.5, calibrated: true };
let cat: TestCatalog;
const colourOf = new Map<number, TestColour>();
let deps: PlanDeps;
let embedCalls: string[][];

beforeEach(() => {
  cat = makeCatalog();
  colourOf.clear();
  for (const colour of COLOURS) for (let i = 0; i < 4; i++) colourOf.set(cat.addPhoto({ colour }), colour);
  embedCalls = [];
  const vocabulary = loadVocabulary();
  deps = {
    db: cat.db,
    modelKey: () => MODEL,
    embedText: fakeEmbedText(embedCalls),
    calibration: async () => ({ logitScaleLog: Math.log(10), logitBias: -5 }),
    maxPerPhoto: () => 15,
    vocabulary,
    prompts: new PromptEmbeddingCache(),
  };
});
afterEach(() => cat.close());

const ids = (colour: TestColour): number[] => [...colourOf].filter(([, c]) => c === colour).map(([id]) => id);
function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('tag names and vocabulary', () => {
  it('normalises names and rejects bad ones', () => {
    expect(normalizeTagName('  Animals /  Dog ')).toEqual({ ok: true, name: 'Animals/Dog' });
    expect(normalizeTagName('a\tb').ok).toBe(false);
    expect(normalizeTagName('   ').ok).toBe(false);
    expect(normalizeTagName('x'.repeat(101)).ok).toBe(false);
    expect(normalizeTagName('Animals//Dog').ok).toBe(false);
  });

  it('loads at least 500 vocabulary entries in many categories', () => {
    const v = loadVocabulary();
    expect(v.entries.length).toBeGreaterThanOrEqual(500);
    expect(new Set(v.entries.map((e) => e.name.split('/')[0])).size).toBeGreaterThanOrEqual(12);
  });
});

describe('tag edits and undo', () => {
  it('adds, removes, renames, merges and deletes; undo restores the tables exactly each time', () => {
    const reds = ids('red');
    const blues = ids('blue');
    value(addTags(cat.db, reds, ['Colours/Red', 'Favourites']));
    value(addTags(cat.db, blues, ['Colours/Blue']));
    const steps: [string, () => unknown][] = [
      ['add', () => value(addTags(cat.db, [...reds, ...blues], ['Holiday']))],
      ['remove', () => value(removeTags(cat.db, reds.slice(0, 2), ['Favourites']))],
      ['rename', () => value(renameTag(cat.db, 'Favourites', 'Best/Favourites'))],
      ['merge', () => value(mergeTags(cat.db, ['Colours/Red', 'Colours/Blue'], 'Colours/Warm and cold'))],
      ['delete', () => value(deleteTag(cat.db, 'Favourites'))],
    ];
    for (const [name, step] of steps) {
      const before = dumpTables(cat.db, TAG_TABLES);
      step();
      expect(dumpTables(cat.db, TAG_TABLES), name).not.toBe(before);
      expect(undoLast(cat.db), name).not.toBeNull();
      expect(dumpTables(cat.db, TAG_TABLES), name).toBe(before);
    }
    expect(listTags(cat.db).find((t) => t.name === 'Favourites')?.photoCount).toBe(4);
  });

  it('rejects unknown photos and tags, changing nothing', () => {
    const before = dumpTables(cat.db);
    const bad = addTags(cat.db, [ids('red')[0]!, 999_999], ['X']);
    expect(bad.ok ? '' : bad.error).toEqual({ code: 'not_found', message: 'No photo with id 999999' });
    const unknown = removeTags(cat.db, ids('red'), ['Nope']);
    expect(unknown.ok ? '' : unknown.error.message).toBe('No tag named "Nope"');
    expect(addTags(cat.db, ids('red'), ['bad\u0000name']).ok).toBe(false);
    expect(renameTag(cat.db, 'Nope', 'Yes').ok).toBe(false);
    expect(dumpTables(cat.db)).toBe(before);
  });

  it('conflicts when renaming onto an existing tag', () => {
    value(addTags(cat.db, ids('red'), ['A', 'B']));
    const r = renameTag(cat.db, 'A', 'b');
    expect(r.ok ? '' : r.error.code).toBe('conflict');
  });
});

describe('suggestions', () => {
  it('ranks the right colour tags, bulk-applies them, undoes exactly, and keeps rejections', async () => {
    value(addTags(cat.db, ids('green').slice(0, 1), ['Colours/Green']));
    const res = value(await suggestTags(deps));
    expect(res.photos).toBe(24);
    const groups = reviewGroups(cat.db, ctx);
    const red = groups.find((g) => g.tag === 'Colours/Red')!;
    expect(red.aboveThreshold).toBe(4);
    expect(red.calibrated).toBe(true);
    const candidates = value(tagCandidates(cat.db, ctx, 'Colours/Red', 0, 50));
    expect(candidates.slice(0, 4).map((c) => colourOf.get(c.photo.id))).toEqual(Array(4).fill('red'));
    expect(candidates.filter((c) => c.aboveThreshold).length).toBe(4);
    // The photo that already has "Colours/Green" gets no suggestion for it.
    const green = value(tagCandidates(cat.db, ctx, 'Colours/Green', 0, 50));
    expect(green.map((c) => c.photo.id)).not.toContain(ids('green')[0]);
    for (const c of candidates.slice(0, 4)) {
      const blueScore = value(tagCandidates(cat.db, ctx, 'Colours/Blue', 0, 100)).find((b) => b.photo.id === c.photo.id)?.score ?? 0;
      expect(c.score).toBeGreaterThan(blueScore);
    }

    const before = dumpTables(cat.db, TAG_TABLES);
    const applied = value(acceptSuggestions(cat.db, ctx, { tag: 'Colours/Red' }));
    expect(applied.change.photos).toBe(4);
    const rows = cat.db
      .prepare(`SELECT source, score FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id WHERE t.name = 'Colours/Red'`)
      .all() as { source: string; score: number }[];
    expect(rows.every((r) => r.source === 'suggestion' && r.score > 0.5)).toBe(true);
    expect(undoLast(cat.db)).not.toBeNull();
    expect(dumpTables(cat.db, TAG_TABLES)).toBe(before);

    const rejected = ids('blue').slice(0, 2);
    value(rejectSuggestions(cat.db, ctx, { tag: 'Colours/Blue', photoIds: rejected }));
    value(await suggestTags(deps));
    const blue = value(tagCandidates(cat.db, ctx, 'Colours/Blue', 0, 100)).map((c) => c.photo.id);
    for (const id of rejected) expect(blue).not.toContain(id);
    expect(blue).toContain(ids('blue')[3]);
    const calls = embedCalls.length;
    value(await suggestTags(deps));
    expect(embedCalls.length).toBe(calls);
  });

  it('scores relatively when the model is uncalibrated', async () => {
    value(await suggestTags({ ...deps, calibration: async () => null }));
    const candidates = value(tagCandidates(cat.db, { ...ctx, calibrated: false }, 'Colours/Yellow', 0, 50));
    expect(candidates.filter((c) => c.aboveThreshold).map((c) => colourOf.get(c.photo.id))).toEqual(Array(4).fill('yellow'));
  });

  it('accepts only listed photos and rejects unknown ones', async () => {
    value(await suggestTags(deps));
    const before = dumpTables(cat.db);
    const bad = acceptSuggestions(cat.db, ctx, { tag: 'Colours/Red', photoIds: [999_999] });
    expect(bad.ok ? '' : bad.error.code).toBe('not_found');
    const unknownTag = acceptSuggestions(cat.db, ctx, { tag: 'Nope' });
    expect(unknownTag.ok ? '' : unknownTag.error.message).toBe('No tag named "Nope"');
    expect(dumpTables(cat.db)).toBe(before);
    const one = value(acceptSuggestions(cat.db, ctx, { tag: 'Colours/Red', photoIds: [ids('red')[0]!] }));
    expect(one.change.photos).toBe(1);
  });
});
