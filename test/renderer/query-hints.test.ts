/** Search syntax helpers: parsing exclusions and phrases, the hint line, broader suggestions, filter chips. */
import { describe, expect, it } from 'vitest';
import { filterChips, noFilters, withoutFilter, yearFilter } from '../../renderer/lib/filters.js';
import { parseQuery, QUERY_SYNTAX } from '../../main/core/search/query-parse.js';
import { broaderQuery, queryHint } from '../../renderer/lib/query-hints.js';

describe('queryHint', () => {
  it('explains the syntax on an empty query', () => {
    expect(queryHint('  ')).toBe(QUERY_SYNTAX);
  });

  it('reads a query exactly as the search does: one description, separators, phrases, exclusions', () => {
    expect(queryHint('kids on a beach at sunset')).toBe('Looking for “kids on a beach at sunset”');
    expect(queryHint('beach, sunset -people')).toBe('Looking for “beach” + “sunset” · leaving out “people”');
    expect(queryHint('"golden retriever" snow')).toBe('Looking for “golden retriever” + “snow”');
    for (const q of ['kids on a beach at sunset', 'beach, sunset -people', '"golden retriever" snow']) {
      const parsed = parseQuery(q);
      if (!parsed.ok) throw new Error(parsed.message);
      expect(queryHint(q)).toContain(parsed.query.positives.map((c) => `“${c}”`).join(' + '));
    }
  });

  it('says what to fix, in the words the search answers with', () => {
    for (const q of ['"a b', '-people', ',,,', 'beach -']) {
      const parsed = parseQuery(q);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(queryHint(q)).toBe(parsed.message);
    }
  });
});

describe('broaderQuery', () => {
  it('drops exclusions first, then the last word, then gives up', () => {
    expect(broaderQuery('red car -night')).toBe('red car');
    expect(broaderQuery('red car')).toBe('red');
    expect(broaderQuery('red')).toBeNull();
  });
});

describe('filter chips', () => {
  it('describes filters and removes them one by one', () => {
    const filters = { ...yearFilter(2023), camera: 'Pixel', untagged: true };
    expect(filterChips(filters).map((c) => c.label)).toEqual(['2023-01-01 – 2023-12-31', 'camera Pixel', 'untagged']);
    const noDate = withoutFilter(filters, 'date');
    expect(noDate).toEqual({ camera: 'Pixel', untagged: true });
    expect(noFilters(withoutFilter(withoutFilter(noDate, 'camera'), 'untagged'))).toBe(true);
  });
});
