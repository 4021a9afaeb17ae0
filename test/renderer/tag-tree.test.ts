/** The Tags page's hierarchy and the tag autocomplete's options, as pure functions. */
import { describe, expect, it } from 'vitest';
import type { TagSummary, VocabularyConcept } from '../../preload/contract.js';
import { tagOptions, tagTree } from '../../renderer/features/tags/tag-tree.js';

const tag = (name: string, photoCount: number): TagSummary => ({
  id: photoCount,
  name,
  category: null,
  photoCount,
  pendingSuggestions: 0,
  threshold: null,
});
const concept = (name: string): VocabularyConcept => ({ name, prompt: name, category: null, isTag: false, pendingSuggestions: 0 });
const tags = [tag('Trips/Beach', 2), tag('Trips/Beach/Sunset', 1), tag('Family', 4), tag('Beachwear', 1)];

describe('tagTree', () => {
  it('nests by "/", adds levels that are not tags, and sums counts below', () => {
    const tree = tagTree(tags);
    expect(tree.map((n) => [n.path, n.tag?.photoCount ?? null, n.total])).toEqual([
      ['Beachwear', 1, 1],
      ['Family', 4, 4],
      ['Trips', null, 3],
    ]);
    expect(tree[2]!.children[0]!.children.map((n) => n.label)).toEqual(['Sunset']);
  });
});

describe('tagOptions', () => {
  it("offers the person's tags first (exact, then prefix, then contains), then the vocabulary, then creating", () => {
    const options = tagOptions('beach', tags, [concept('Places/Beach'), concept('Trips/Beach')]);
    expect(options).toEqual([
      { kind: 'tag', name: 'Beachwear', count: 1 },
      { kind: 'tag', name: 'Trips/Beach', count: 2 },
      { kind: 'tag', name: 'Trips/Beach/Sunset', count: 1 },
      { kind: 'concept', name: 'Places/Beach' },
      { kind: 'create', name: 'beach' },
    ]);
  });

  it('never offers to create a name that is already a tag, and a typo only as an explicit new tag', () => {
    expect(tagOptions('family', tags, []).map((o) => o.kind)).toEqual(['tag']);
    expect(tagOptions('Famliy', tags, [])).toEqual([{ kind: 'create', name: 'Famliy' }]);
    expect(tagOptions('trips / beach', tags, [])[0]).toEqual({ kind: 'tag', name: 'Trips/Beach', count: 2 });
  });
});
