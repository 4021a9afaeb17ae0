/** The search box's hint and broader suggestion, from the one query parser the search itself uses (core's query-parse). */
import { parseQuery, QUERY_SYNTAX } from '../../main/core/search/query-parse.js';

const quoted = (concepts: readonly string[]): string => concepts.map((c) => `“${c}”`).join(' + ');

/** The one-line hint under the search box: the syntax, what the current query will look for, or what to fix. */
export function queryHint(query: string): string {
  if (!query.trim()) return QUERY_SYNTAX;
  const parsed = parseQuery(query);
  if (!parsed.ok) return parsed.message;
  const looking = `Looking for ${quoted(parsed.query.positives)}`;
  const away = parsed.query.negatives;
  return away.length ? `${looking} · leaving out ${away.map((w) => `“${w}”`).join(', ')}` : looking;
}

/** For "no results": a broader query (drop exclusions, then the last word), or null when nothing is left to drop. */
export function broaderQuery(query: string): string | null {
  const parsed = parseQuery(query);
  if (!parsed.ok) return null;
  const { positives, negatives } = parsed.query;
  if (negatives.length) return positives.join(', ');
  const words = positives.flatMap((w) => w.split(/\s+/)).filter(Boolean);
  if (words.length > 1) return words.slice(0, -1).join(' ');
  return null;
}
