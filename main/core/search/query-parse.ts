/** Parses the search box language into positive and negative concepts, with messages a person can act on. */

/** The search syntax in one line, worded the same in the search box, the CLI help and the README. */
export const QUERY_SYNTAX =
  'Describe a photo in words · "," or "+" separates ideas · "quotes" make a phrase its own idea · -word leaves it out';

/** Longest query accepted, in characters. */
export const MAX_QUERY_LENGTH = 1000;

/** What a query asks for: concepts to move towards, and concepts to push away from. */
export interface ParsedQuery {
  positives: string[];
  negatives: string[];
}

/** A parse outcome: the concepts, or a message saying what to fix. */
export type ParseResult = { ok: true; query: ParsedQuery } | { ok: false; message: string };

/**
 * Parses a search query.
 *
 * Language:
 * - Plain words form ONE concept: `red car on a beach` is a single description (SigLIP reads whole captions).
 * - `,` or a `+` standing alone between words separates concepts that combine: `beach, sunset` or `beach + sunset`.
 * - `"a phrase"` is a concept of its own, even next to other words: `"golden retriever" snow` → two concepts.
 * - `-word` or `-"a phrase"` pushes results away from that concept: `beach -people`, `city -"night sky"`.
 *   A hyphen inside a word (`t-shirt`) is just part of the word.
 * Errors (returned, not thrown): more than {@link MAX_QUERY_LENGTH} characters, an unclosed quote, an empty
 * quoted phrase, a lone `-`, a query that only says what to avoid, and one made only of separators.
 */
export function parseQuery(text: string): ParseResult {
  const tooLong = queryTooLong(text);
  if (tooLong) return fail(tooLong);
  const positives: string[] = [];
  const negatives: string[] = [];
  let words: string[] = [];
  const flush = (): void => {
    if (words.length > 0) positives.push(words.join(' '));
    words = [];
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/u.test(ch)) {
      i++;
    } else if (ch === ',') {
      flush();
      i++;
    } else if (ch === '+' && atTokenStart(text, i)) {
      flush();
      i++;
    } else if (ch === '-' && atTokenStart(text, i)) {
      if (i + 1 >= text.length || /[\s,]/u.test(text[i + 1]!)) {
        return fail(`A "-" at character ${i + 1} must be followed by a word or a "quoted phrase" (e.g. -people)`);
      }
      const term = readTerm(text, i + 1);
      if (!term.ok) return term;
      negatives.push(term.value);
      i = term.end;
    } else if (ch === '"') {
      const term = readTerm(text, i);
      if (!term.ok) return term;
      flush();
      positives.push(term.value);
      i = term.end;
    } else {
      const term = readTerm(text, i);
      if (!term.ok) return term;
      words.push(term.value);
      i = term.end;
    }
  }
  flush();
  if (positives.length === 0 && negatives.length > 0) {
    return fail(`Add something to look for: "${text.trim()}" only says what to leave out (e.g. "beach -people")`);
  }
  if (positives.length === 0) return fail(`Type words to look for: "${text.trim()}" has only separators (, or +)`);
  return { ok: true, query: { positives, negatives } };
}

/** The message for a query over {@link MAX_QUERY_LENGTH} characters, else null. */
export function queryTooLong(text: string): string | null {
  if (text.length <= MAX_QUERY_LENGTH) return null;
  return `Query too long (${text.length.toLocaleString('en-US')} characters; at most ${MAX_QUERY_LENGTH.toLocaleString('en-US')})`;
}

type Term = { ok: true; value: string; end: number } | { ok: false; message: string };

/** Reads a quoted phrase (from its opening quote) or a bare word starting at `start`. */
function readTerm(text: string, start: number): Term {
  if (text[start] === '"') {
    const close = text.indexOf('"', start + 1);
    if (close < 0) return fail(`Unclosed quote at character ${start + 1}: add a closing " or remove the quote`);
    const value = text
      .slice(start + 1, close)
      .trim()
      .replace(/\s+/gu, ' ');
    if (value === '') return fail(`Empty quotes at character ${start + 1}: put a phrase between them or remove them`);
    return { ok: true, value, end: close + 1 };
  }
  let end = start;
  while (end < text.length && !/[\s,"]/u.test(text[end]!)) end++;
  return { ok: true, value: text.slice(start, end), end };
}

/** Whether position `i` starts a token (start of text, or after whitespace or a comma). */
function atTokenStart(text: string, i: number): boolean {
  return i === 0 || /[\s,]/u.test(text[i - 1]!);
}

function fail(message: string): { ok: false; message: string } {
  return { ok: false, message };
}
