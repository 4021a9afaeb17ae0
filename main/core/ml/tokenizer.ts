/** SigLIP text preprocessing: clean as the layout's reference does, SentencePiece-encode, frame to contextLength ids. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { HfTokenizer } from './hf-tokenizer.js';
import type { ModelLayout } from './model-folder.js';
import { PrecompiledCharsmap } from './precompiled-charsmap.js';
import { basicClean, pythonSplitJoin } from './text-fixes.js';

type Json = Record<string, unknown>;

/** ASCII punctuation as Python's `string.punctuation` (what open_clip's canonicalize_text strips). */
const ASCII_PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/g;

async function readJson(path: string): Promise<Json> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(`${path} is missing`);
  }
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new Error(`${path} is not valid JSON (${(e as Error).message})`);
  }
}

/** A special token's text from tokenizer_config.json: a string or `{ content }`. */
function tokenText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null && typeof (v as Json).content === 'string') return (v as Json).content as string;
  return undefined;
}

/** The special token a TemplateProcessing post-processor appends last to a single sequence (SigLIP: `</s>`). */
function templateEos(tokenizerJson: Json): string | undefined {
  const post = tokenizerJson.post_processor as Json | null | undefined;
  const single = post?.type === 'TemplateProcessing' && Array.isArray(post.single) ? (post.single as Json[]) : [];
  const last = single.at(-1)?.SpecialToken as Json | undefined;
  return typeof last?.id === 'string' ? last.id : undefined;
}

/**
 * Takes tokenizer.json's leading `Precompiled` normaliser out (the library replaces its character map by a fixed
 * approximation that turns U+2000–U+200F, ZWJ included, into spaces) so the charsmap can be applied exactly.
 */
function splitPrecompiled(json: Json): { json: Json; charsmap: PrecompiledCharsmap | null } {
  const normalizer = json.normalizer as Json | null | undefined;
  const charsmapOf = (n: Json | undefined): string | null =>
    n?.type === 'Precompiled' && typeof n.precompiled_charsmap === 'string' ? n.precompiled_charsmap : null;
  if (charsmapOf(normalizer ?? undefined) !== null) {
    return { json: { ...json, normalizer: null }, charsmap: new PrecompiledCharsmap(charsmapOf(normalizer!)!) };
  }
  const steps = normalizer?.type === 'Sequence' && Array.isArray(normalizer.normalizers) ? (normalizer.normalizers as Json[]) : [];
  const first = charsmapOf(steps[0]);
  if (first === null) return { json, charsmap: null };
  return { json: { ...json, normalizer: { ...normalizer, normalizers: steps.slice(1) } }, charsmap: new PrecompiledCharsmap(first) };
}

/**
 * How each layout's reference cleans text before SentencePiece:
 * - `xenova` (transformers' SiglipTokenizer): lower-case, delete ASCII punctuation (`_` included), collapse Python
 *   whitespace (U+0085 is one), then SentencePiece's own normaliser (longest match of the character map);
 * - `immich` (open_clip's HFTokenizer, clean='canonicalize'): ftfy fix_text + html.unescape, `_` to a space, delete
 *   punctuation, lower-case, collapse whitespace, then tokenizers' Rust `Precompiled` normaliser (per grapheme).
 */
export type TextCleaning = ModelLayout;

/** Cleans, encodes and frames SigLIP text input; EOS and pad ids come from the tokenizer's own files. */
export class SiglipTokenizer {
  private constructor(
    private readonly tokenizer: HfTokenizer,
    private readonly charsmap: PrecompiledCharsmap | null,
    readonly cleaning: TextCleaning,
    readonly contextLength: number,
    readonly eosId: number,
    readonly padId: number,
  ) {}

  /**
   * Loads `tokenizer.json` and (optionally) `tokenizer_config.json`. EOS is the config's `eos_token`, else the token
   * the post-processor appends; pad is the config's `pad_token`, else tokenizer.json's padding id, else EOS (SigLIP pads with EOS).
   */
  static async load(
    tokenizerPath: string,
    tokenizerConfigPath: string | null,
    contextLength: number,
    cleaning: TextCleaning = 'xenova',
  ): Promise<SiglipTokenizer> {
    if (!Number.isInteger(contextLength) || contextLength < 2) throw new Error(`context length ${contextLength} is too small`);
    const json = await readJson(tokenizerPath);
    const config = tokenizerConfigPath ? await readJson(tokenizerConfigPath) : {};
    const { json: rest, charsmap } = splitPrecompiled(json);
    const { Tokenizer } = await import('./hf-tokenizer.js');
    const tokenizer = new Tokenizer(rest, config);
    const configName = tokenizerConfigPath ? basename(tokenizerConfigPath) : 'tokenizer_config.json';
    const idOf = (token: string, source: string): number => {
      const id = tokenizer.token_to_id(token);
      if (id === undefined) throw new Error(`${source} '${token}' is not in the vocabulary of ${basename(tokenizerPath)}`);
      return id;
    };
    const eosToken = tokenText(config.eos_token);
    const eosFromTemplate = templateEos(json);
    const eosId =
      eosToken !== undefined
        ? idOf(eosToken, `${configName} eos_token`)
        : eosFromTemplate !== undefined
          ? idOf(eosFromTemplate, `${basename(tokenizerPath)} post_processor token`)
          : undefined;
    if (eosId === undefined)
      throw new Error(`neither ${configName} eos_token nor a post_processor in ${basename(tokenizerPath)} names the end-of-text token`);
    const padToken = tokenText(config.pad_token);
    const padding = json.padding as Json | null | undefined;
    const padId =
      padToken !== undefined ? idOf(padToken, `${configName} pad_token`) : typeof padding?.pad_id === 'number' ? padding.pad_id : eosId;
    return new SiglipTokenizer(tokenizer, charsmap, cleaning, contextLength, eosId, padId);
  }

  /** The text as the layout's reference hands it to SentencePiece (see {@link TextCleaning}); also the query cache key. */
  canonicalize(text: string): string {
    if (this.cleaning === 'immich') {
      return pythonSplitJoin(basicClean(text).replace(/_/g, ' ').replace(ASCII_PUNCTUATION, '').toLowerCase());
    }
    return pythonSplitJoin(text.toLowerCase().replace(ASCII_PUNCTUATION, ''));
  }

  /** The canonical text after the tokenizer's character map, applied the way the layout's reference applies it. */
  private normalized(canonical: string): string {
    if (!this.charsmap) return canonical;
    return this.cleaning === 'immich' ? this.charsmap.normalize(canonical) : this.charsmap.normalizeSentencePiece(canonical);
  }

  /** Exactly `contextLength` ids: the canonical text's pieces cut to contextLength-1, then EOS, then pad ids. */
  encode(text: string): number[] {
    const pieces = this.tokenizer.encode(this.normalized(this.canonicalize(text)), { add_special_tokens: false }).ids;
    const ids = pieces.slice(0, this.contextLength - 1);
    ids.push(this.eosId);
    while (ids.length < this.contextLength) ids.push(this.padId);
    return ids;
  }
}
