/** Search syntax helpers: parsing exclusions and phrases, the hint line, broader suggestions, filter chips. */
import { describe, expect, it } from 'vitest';
import { filterChips, noFilters, withoutFilter, yearFilter } from '../../renderer/lib/filters.js';
import { broaderQuery, parseQuery, queryHint } from '../../renderer/lib/query-hints.js';

describe('parseQuery', () => {
  it('splits words, phrases and exclusions', () => {
    expect(parseQuery('beach -people "red car" -"parked cars"')).toEqual({
      include: ['beach', 'red car'],
      exclude: ['people', 'parked cars'],
      openQuote: false,
    });
  });

  it('notices an unclosed quote', () => {
    expect(parseQuery('dog "in the sn').openQuote).toBe(true);
  });
});

describe('queryHint', () => {
  it('explains the syntax on an empty query', () => {
    expect(queryHint('  ')).toContain('-word');
  });

  it('says what will be looked for and left out', () => {
    expect(queryHint('beach -people')).toBe('Looking for “beach” · leaving out “people”');
    expect(queryHint('"a b')).toMatch(/Close the quote/);
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
