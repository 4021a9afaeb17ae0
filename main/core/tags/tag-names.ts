/** Tag name rules: trimmed, 1–100 characters, no control characters, hierarchy with "/" ("Animals/Dog"). */

/** Longest tag name accepted. */
export const MAX_TAG_NAME = 100;

/** A normalised name, or a message saying what is wrong with it. */
export type TagNameResult = { ok: true; name: string } | { ok: false; message: string };

/**
 * Normalises a tag name: trims it, collapses runs of whitespace to one space and removes spaces around "/"
 * ("Animals / Dog" → "Animals/Dog"). Rejects empty names and levels, control characters, "|" (the hierarchy
 * separator of Lightroom's XMP) and names longer than {@link MAX_TAG_NAME} characters.
 */
export function normalizeTagName(raw: string): TagNameResult {
  if (typeof raw !== 'string') return { ok: false, message: 'A tag name must be text' };
  if (/\p{Cc}/u.test(raw)) return { ok: false, message: `Tag name "${printable(raw)}" contains a control character (tab, newline, ...)` };
  const name = raw
    .trim()
    .replace(/\s+/gu, ' ')
    .replace(/ ?\/ ?/gu, '/');
  if (name === '') return { ok: false, message: 'A tag name cannot be empty' };
  if (name.includes('|')) return { ok: false, message: `Tag name "${name}" contains "|": use "/" for levels (e.g. Animals/Dog)` };
  if (name.split('/').some((level) => level === '')) {
    return { ok: false, message: `Tag name "${name}" has an empty level: write levels like Animals/Dog` };
  }
  const length = [...name].length;
  if (length > MAX_TAG_NAME) return { ok: false, message: `Tag name too long (${length} characters; at most ${MAX_TAG_NAME})` };
  return { ok: true, name };
}

/** Normalises several names (duplicates after normalisation are dropped, case-insensitively); the first error wins. */
export function normalizeTagNames(raw: readonly string[]): { ok: true; names: string[] } | { ok: false; message: string } {
  if (raw.length === 0) return { ok: false, message: 'Give at least one tag name' };
  const seen = new Set<string>();
  const names: string[] = [];
  for (const r of raw) {
    const n = normalizeTagName(r);
    if (!n.ok) return n;
    if (seen.has(n.name.toLowerCase())) continue;
    seen.add(n.name.toLowerCase());
    names.push(n.name);
  }
  return { ok: true, names };
}

/** The last level of a hierarchical name ("Animals/Dog" → "Dog"). */
export function leafName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}

/** The first level of a hierarchical name, used as its category ("Animals/Dog" → "Animals"; flat names → null). */
export function categoryOf(name: string): string | null {
  const i = name.indexOf('/');
  return i < 0 ? null : name.slice(0, i);
}

function printable(s: string): string {
  return s.replace(/\p{Cc}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
