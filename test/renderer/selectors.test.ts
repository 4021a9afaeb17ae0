/** Pure store selectors: which list the grid shows, ranges, summaries, review grouping and pre-selection. */
import { describe, expect, it } from 'vitest';
import type { JobProgress, PhotoSummary, SuggestionCandidate, SuggestionGroup } from '../../preload/contract.js';
import { formatBytes, formatEta } from '../../renderer/lib/format.js';
import { qualityLabel, speedLabel } from '../../renderer/lib/model-labels.js';
import {
  gridCount,
  groupCategories,
  idsInRange,
  jobLine,
  photoAt,
  preselect,
  resultsSummary,
  searchActive,
  shortTagName,
  visibleGroups,
  type GridState,
} from '../../renderer/store/selectors.js';

const photo = (id: number): PhotoSummary => ({
  id,
  path: `/p/${id}.jpg`,
  width: 10,
  height: 10,
  takenAt: null,
  date: 0,
  dateFromFile: true,
  error: null,
  presence: 'present',
  hasThumb: true,
  tags: [],
  rotation: 0,
});

const library: GridState = {
  query: '',
  filters: {},
  similarTo: null,
  results: null,
  total: 450,
  pages: new Map([
    [0, Array.from({ length: 200 }, (_, i) => photo(1000 + i))],
    [2, Array.from({ length: 50 }, (_, i) => photo(3000 + i))],
  ]),
};

describe('grid selectors', () => {
  it('reads the library by page and leaves unloaded pages undefined', () => {
    expect(searchActive(library)).toBe(false);
    expect(gridCount(library)).toBe(450);
    expect(photoAt(library, 5, 200)?.id).toBe(1005);
    expect(photoAt(library, 250, 200)).toBeUndefined();
    expect(photoAt(library, 401, 200)?.id).toBe(3001);
  });

  it('switches to search hits when a query or filter is set', () => {
    const s = { ...library, filters: { untagged: true }, results: { hits: [{ photo: photo(7) }], total: 1 } };
    expect(searchActive(s)).toBe(true);
    expect(gridCount(s)).toBe(1);
    expect(photoAt(s, 0, 200)?.id).toBe(7);
  });

  it('collects only loaded ids in a range, either direction', () => {
    expect(idsInRange(library, 198, 201, 200)).toEqual([1198, 1199]);
    expect(idsInRange(library, 401, 399, 200)).toEqual([3000, 3001]);
  });
});

describe('summaries', () => {
  it('words the search summary', () => {
    expect(resultsSummary({ strongCount: 37, weakCount: 120, total: 157, cutoff: { kind: 'probability' } })).toBe(
      '37 strong matches · 120 weaker',
    );
    expect(resultsSummary({ strongCount: 1, weakCount: 0, total: 1, cutoff: { kind: 'relative' } })).toBe('1 strong match');
    expect(resultsSummary({ strongCount: 0, weakCount: 0, total: 1234, cutoff: { kind: 'none' } })).toBe('1,234 photos');
  });

  it('words indexing progress with rate, ETA and provider', () => {
    const p: JobProgress = {
      state: 'running',
      stage: 'embedding',
      done: 4210,
      total: 12877,
      errors: 0,
      rate: 3.14,
      etaSeconds: 2820,
      provider: 'cpu',
      modelId: 'm',
      preparing: null,
      problem: null,
    };
    expect(jobLine(p)).toBe('Indexing 4,210 / 12,877 · 3.1 photos/s · ~47 min left · CPU');
    expect(jobLine({ ...p, state: 'paused' })).toBe('Indexing paused at 4,210 / 12,877');
    expect(jobLine({ ...p, preparing: { done: 39, total: 78 } })).toBe("Preparing a faster int8 model for this computer's processor · 50%");
    expect(jobLine({ ...p, stage: 'reading', done: 40, total: 120 })).toMatch(/^Reading photos 40 \/ 120 · /);
    expect(jobLine({ ...p, errors: 4 })).toContain('4 failed');
  });

  it('formats sizes, ETAs and model labels', () => {
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(812 * 1024 * 1024)).toBe('812 MB');
    expect(formatEta(7500)).toBe('~2 h 5 min left');
    expect(speedLabel(5)).toBe('Fastest');
    expect(speedLabel(200)).toBe('Slow');
    expect(qualityLabel(0.764)).toBe('Very good (76.4% ImageNet zero-shot)');
  });
});

describe('review selectors', () => {
  const group = (tag: string, count: number, category: string | null): SuggestionGroup => ({
    tag,
    category,
    count,
    aboveThreshold: 0,
    threshold: 0.5,
    calibrated: true,
  });
  const groups = [group('beach', 3, 'place'), group('dog', 9, 'animal'), group('cat', 9, 'animal'), group('misc', 1, null)];

  it('sorts by count then name and filters by category', () => {
    expect(visibleGroups(groups, 'all').map((g) => g.tag)).toEqual(['cat', 'dog', 'beach', 'misc']);
    expect(visibleGroups(groups, 'other').map((g) => g.tag)).toEqual(['misc']);
    expect(groupCategories(groups)).toEqual(['animal', 'other', 'place']);
  });

  it('pre-selects candidates at or above the threshold', () => {
    const cands: SuggestionCandidate[] = [0.9, 0.5, 0.2].map((score, i) => ({ photo: photo(i), score, aboveThreshold: score >= 0.5 }));
    expect([...preselect(cands, 0.5)]).toEqual([0, 1]);
    expect([...preselect(cands, 0.95)]).toEqual([]);
  });
});

describe('shortTagName', () => {
  it('drops the category prefix only when it matches', () => {
    expect(shortTagName('Colours/Dark', 'Colours')).toBe('Dark');
    expect(shortTagName('Colours/Dark', 'Scenes')).toBe('Colours/Dark');
    expect(shortTagName('beach', null)).toBe('beach');
  });
});
