/** Pure helpers around the search syntax: what a query means, hints while typing, broader suggestions. */

/** A query split into what it looks for and what it pushes away. */
export interface QueryParts {
  include: string[];
  exclude: string[];
  /** True when a quote was opened and never closed. */
  openQuote: boolean;
}

/** Splits `beach -people "red car" -"parked cars"` into included and excluded words and phrases. */
export function parseQuery(query: string): QueryParts {
  const include: string[] = [];
  const exclude: string[] = [];
  const pattern = /(-?)"([^"]*)("?)|(-?)([^\s"]+)/g;
  let openQuote = false;
  for (const m of query.matchAll(pattern)) {
    const negated = (m[1] ?? m[4]) === '-';
    const text = (m[2] ?? m[5] ?? '').trim();
    if (m[2] !== undefined && m[3] !== '"') openQuote = true;
    if (!text || text === '-') continue;
    (negated ? exclude : include).push(text);
  }
  return { include, exclude, openQuote };
}

/** The one-line hint under the search box: what the syntax does, or what the current query will do. */
export function queryHint(query: string): string {
  const trimmed = query.trim();
  if (!trimmed) return 'Describe a photo in words · -word leaves it out · "quotes" keep a phrase together';
  const { include, exclude, openQuote } = parseQuery(trimmed);
  if (openQuote) return 'Close the quote to search for the phrase as a whole';
  const looking = include.length ? `Looking for ${include.map((w) => `“${w}”`).join(' + ')}` : 'Only exclusions: add something to look for';
  return exclude.length ? `${looking} · leaving out ${exclude.map((w) => `“${w}”`).join(', ')}` : looking;
}

/** For "no results": a broader query (drop exclusions, then the last word), or null when nothing is left to drop. */
export function broaderQuery(query: string): string | null {
  const { include, exclude } = parseQuery(query);
  const quote = (w: string): string => (/\s/.test(w) ? `"${w}"` : w);
  if (exclude.length && include.length) return include.map(quote).join(' ');
  const words = include.flatMap((w) => w.split(/\s+/)).filter(Boolean);
  if (words.length > 1) return words.slice(0, -1).join(' ');
  return null;
}
