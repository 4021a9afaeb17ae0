/** The query language: concepts, negations, phrases, and the errors a person sees. */
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../main/core/search/query-parse.js';

function parsed(text: string) {
  const r = parseQuery(text);
  if (!r.ok) throw new Error(r.message);
  return r.query;
}

describe('parseQuery', () => {
  it('reads plain words as one concept', () => {
    expect(parsed('red car on a beach')).toEqual({ positives: ['red car on a beach'], negatives: [] });
  });

  it('splits concepts on commas and standalone plus signs', () => {
    expect(parsed('beach, sunset')).toEqual({ positives: ['beach', 'sunset'], negatives: [] });
    expect(parsed('beach + sunset +dog')).toEqual({ positives: ['beach', 'sunset', 'dog'], negatives: [] });
  });

  it('makes quoted phrases their own concept and negates words and phrases', () => {
    expect(parsed('"golden retriever" snow -people -"night sky"')).toEqual({
      positives: ['golden retriever', 'snow'],
      negatives: ['people', 'night sky'],
    });
  });

  it('keeps hyphens inside words', () => {
    expect(parsed('t-shirt -well-known')).toEqual({ positives: ['t-shirt'], negatives: ['well-known'] });
  });

  it('treats emoji and SQL-like text as words', () => {
    expect(parsed("🐶 '; DROP TABLE photos; --").positives).toEqual(["🐶 '; DROP TABLE photos;"]);
  });

  it.each([
    ['"beach', /Unclosed quote at character 1/],
    ['beach ""', /Empty quotes/],
    ['beach - people', /A "-" at character 7 must be followed/],
    ['-people', /only says what to leave out/],
    ['x'.repeat(10_240), /^Query too long \(10,240 characters; at most 1,000\)$/],
  ])('rejects %j with a clear message', (text, message) => {
    const r = parseQuery(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});
