/** SentencePiece's precompiled character map (tokenizer.json `Precompiled` normaliser), applied as the Rust tokenizers do. */

/** A decoded charsmap: a darts-clone double-array trie over UTF-8 bytes and the replacement strings it points into. */
export class PrecompiledCharsmap {
  private readonly units: Uint32Array;
  private readonly normalized: Uint8Array;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();
  private readonly graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

  /** Decodes the base64 `precompiled_charsmap` of a tokenizer.json (`[u32 trie size][trie units][strings]`). */
  constructor(base64: string) {
    const blob = Buffer.from(base64, 'base64');
    if (blob.length < 4) throw new Error('precompiled_charsmap is too short');
    const trieSize = blob.readUInt32LE(0);
    if (trieSize % 4 !== 0 || 4 + trieSize > blob.length) throw new Error('precompiled_charsmap has a malformed trie size');
    this.units = new Uint32Array(trieSize / 4);
    for (let i = 0; i < this.units.length; i++) this.units[i] = blob.readUInt32LE(4 + 4 * i);
    this.normalized = new Uint8Array(blob.subarray(4 + trieSize));
  }

  /** The replacement of the shortest key that prefixes `bytes`, or null when no key does (Rust `Precompiled::transform`). */
  private transform(bytes: Uint8Array): string | null {
    const match = this.prefixMatches(bytes, true)[0];
    return match ? match.replacement : null;
  }

  /** Keys that prefix `bytes`, shortest first, with the number of bytes each covers (darts-clone commonPrefixSearch). */
  private prefixMatches(bytes: Uint8Array, firstOnly: boolean): { length: number; replacement: string }[] {
    const found: { length: number; replacement: string }[] = [];
    const u = this.units;
    const offset = (unit: number): number => (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    let pos = offset(u[0]!);
    for (let i = 0; i < bytes.length; i++) {
      const byte = bytes[i]!;
      pos ^= byte;
      const unit = u[pos];
      if (unit === undefined || (unit & ((1 << 31) | 0xff)) >>> 0 !== byte) break;
      pos ^= offset(unit);
      if ((unit >>> 8) & 1) {
        const start = u[pos]! & 0x7fffffff;
        let end = start;
        while (end < this.normalized.length && this.normalized[end] !== 0) end++;
        found.push({ length: i + 1, replacement: this.decoder.decode(this.normalized.subarray(start, end)) });
        if (firstOnly) break;
      }
    }
    return found;
  }

  /**
   * Normalises `text` like tokenizers' `Precompiled` normaliser: a grapheme shorter than 6 UTF-8 bytes is replaced
   * whole when a key prefixes it; otherwise each of its characters is replaced by its own entry or kept.
   */
  normalize(text: string): string {
    let out = '';
    for (const { segment } of this.graphemes.segment(text)) {
      const bytes = this.encoder.encode(segment);
      if (bytes.length < 6) {
        const whole = this.transform(bytes);
        if (whole !== null) {
          out += whole;
          continue;
        }
      }
      for (const ch of segment) out += this.transform(this.encoder.encode(ch)) ?? ch;
    }
    return out;
  }

  /**
   * Normalises `text` like SentencePiece's own normaliser (what transformers' SiglipTokenizer runs): at each position
   * the longest key wins; a position no key covers keeps its character.
   */
  normalizeSentencePiece(text: string): string {
    const bytes = this.encoder.encode(text);
    let out = '';
    let i = 0;
    while (i < bytes.length) {
      const matches = this.prefixMatches(bytes.subarray(i), false);
      const longest = matches.at(-1);
      if (longest) {
        out += longest.replacement;
        i += longest.length;
      } else {
        const len = utf8Length(bytes[i]!);
        out += this.decoder.decode(bytes.subarray(i, i + len));
        i += len;
      }
    }
    return out;
  }
}

/** Bytes of the UTF-8 sequence starting with `lead` (1 for a stray continuation byte). */
function utf8Length(lead: number): number {
  if (lead >= 0xf0) return 4;
  if (lead >= 0xe0) return 3;
  if (lead >= 0xc0) return 2;
  return 1;
}
