/** open_clip's `basic_clean` for query text: ftfy's `fix_text` (the parts that change typed text), then HTML unescaping. */

/** Python's whitespace (str.isspace / re `\s`): JavaScript's `\s` lacks U+001C–U+001F and U+0085 and adds U+FEFF. */
export const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_SPACE_RUN = new RegExp(`[${PY_SPACE}]+`, 'g');
const PY_TRIM = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');

/** Python's `" ".join(text.split())`: runs of Python whitespace become one space, none at the ends. */
export function pythonSplitJoin(text: string): string {
  return text.replace(PY_SPACE_RUN, ' ').replace(PY_TRIM, '');
}

/** Python's `str.strip()`. */
export function pythonStrip(text: string): string {
  return text.replace(PY_TRIM, '');
}

/** Windows-1252's bytes 0x80–0x9F (undefined ones map to the C1 control of the same number, as Python's ftfy does). */
const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';
const CP1252_BYTE = new Map<string, number>();
for (let b = 0xa0; b <= 0xff; b++) CP1252_BYTE.set(String.fromCharCode(b), b);
[...CP1252_HIGH].forEach((ch, i) => CP1252_BYTE.set(ch, 0x80 + i));

/** Mojibake: UTF-8 bytes of one character shown as 2–4 Windows-1252 / Latin-1 characters (`Ã©`, `â€™`). */
const MOJIBAKE = new RegExp(
  `[\\xc2-\\xf4][${[...CP1252_BYTE.keys()]
    .filter((c) => CP1252_BYTE.get(c)! < 0xc0)
    .join('')
    .replace(/[\\\]^-]/g, '\\$&')}]{1,3}`,
  'g',
);
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Re-decodes mojibake sequences that form exactly one valid UTF-8 character (ftfy's fix_encoding, common case). */
function fixEncoding(text: string): string {
  return text.replace(MOJIBAKE, (run) => {
    const bytes = Uint8Array.from([...run].map((ch) => CP1252_BYTE.get(ch)!));
    try {
      const decoded = STRICT_UTF8.decode(bytes);
      return [...decoded].length === 1 ? decoded : run;
    } catch {
      return run;
    }
  });
}

const LIGATURES: Record<string, string> = {
  Ĳ: 'IJ',
  ĳ: 'ij',
  ŉ: 'ʼn',
  Ǳ: 'DZ',
  ǲ: 'Dz',
  ǳ: 'dz',
  Ǆ: 'DŽ',
  ǅ: 'Dž',
  ǆ: 'dž',
  Ǉ: 'LJ',
  ǈ: 'Lj',
  ǉ: 'lj',
  Ǌ: 'NJ',
  ǋ: 'Nj',
  ǌ: 'nj',
  ﬀ: 'ff',
  ﬁ: 'fi',
  ﬂ: 'fl',
  ﬃ: 'ffi',
  ﬄ: 'ffl',
  ﬅ: 'ſt',
  ﬆ: 'st',
};
const LIGATURE_RE = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'g');

/** ftfy's fix_character_width: full- and half-width forms (U+FF01–U+FFEF) to their NFKC form, U+3000 to a space. */
function fixWidth(text: string): string {
  return text.replace(/[\u3000\uff01-\uffef]/g, (ch) => (ch === '\u3000' ? ' ' : ch.normalize('NFKC')));
}

/** ftfy's remove_control_chars table. */
const CONTROL_RE = /[\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufeff\ufff9-\ufffc]/g;
const TERMINAL_ESCAPE_RE = /\x1b\[((?:\d|;)*)([a-zA-Z])/g;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  euro: '€',
  deg: '°',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  aacute: 'á',
  ccedil: 'ç',
  uuml: 'ü',
  ouml: 'ö',
  auml: 'ä',
  szlig: 'ß',
};
/** Entities with or without the semicolon, as Python's html.unescape accepts the common ones. */
const ENTITY_RE = /&(?:#[xX]([0-9a-fA-F]{1,6});?|#([0-9]{1,7});?|([A-Za-z][A-Za-z0-9]{1,23});)/g;

/** Python's `html.unescape` for numeric references and the common named ones (others are left as typed). */
export function unescapeHtml(text: string): string {
  return text.replace(ENTITY_RE, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED_ENTITIES[name] ?? whole;
    const code = parseInt(hex ?? dec!, hex !== undefined ? 16 : 10);
    if (code >= 0x80 && code <= 0x9f) return CP1252_HIGH[code - 0x80]!;
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  });
}

/** One pass of ftfy's fixers, in ftfy's order. */
function fixOnce(text: string, unescape: boolean): string {
  let t = unescape ? unescapeHtml(text) : text;
  t = fixEncoding(t);
  t = t.replace(/[\x80-\x9f]/g, (ch) => CP1252_HIGH[ch.charCodeAt(0) - 0x80]!);
  t = t.replace(LIGATURE_RE, (ch) => LIGATURES[ch]!);
  t = fixWidth(t);
  t = t.replace(/[\u02bc\u2018-\u201b]/g, "'").replace(/[\u201c-\u201f]/g, '"');
  t = t.replace(/\r\n|[\r\u2028\u2029\u0085]/g, '\n');
  t = t.replace(TERMINAL_ESCAPE_RE, '').replace(CONTROL_RE, '');
  return t.normalize('NFC');
}

/**
 * ftfy's `fix_text` for short typed text: line by line, each pass of unescaping (skipped once a line holds `<`),
 * mojibake repair, C1 controls, ligatures, widths, curly quotes, line breaks, control characters and NFC, until stable.
 */
export function fixText(text: string): string {
  let unescape = true;
  return text
    .split(/(?<=\n)/)
    .map((line) => {
      if (line.includes('<')) unescape = false;
      let current = line;
      for (let pass = 0; pass < 8; pass++) {
        const next = fixOnce(current, unescape);
        if (next === current) break;
        current = next;
      }
      return current;
    })
    .join('');
}

/** open_clip's `basic_clean`: `fix_text`, `html.unescape` twice, strip. */
export function basicClean(text: string): string {
  return pythonStrip(unescapeHtml(unescapeHtml(fixText(text))));
}
