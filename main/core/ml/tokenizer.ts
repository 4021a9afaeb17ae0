/** SigLIP text preprocessing: canonicalise, SentencePiece-encode, then exactly contextLength ids ending in EOS and padded. */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Tokenizer, type HfTokenizer } from './hf-tokenizer.js';

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

/** Canonicalises, encodes and frames SigLIP text input; EOS and pad ids come from the tokenizer's own files. */
export class SiglipTokenizer {
  private constructor(
    private readonly tokenizer: HfTokenizer,
    readonly contextLength: number,
    readonly eosId: number,
    readonly padId: number,
  ) {}

  /**
   * Loads `tokenizer.json` and (optionally) `tokenizer_config.json`. EOS is the config's `eos_token`, else the token
   * the post-processor appends; pad is the config's `pad_token`, else tokenizer.json's padding id, else EOS (SigLIP pads with EOS).
   */
  static async load(tokenizerPath: string, tokenizerConfigPath: string | null, contextLength: number): Promise<SiglipTokenizer> {
    if (!Number.isInteger(contextLength) || contextLength < 2) throw new Error(`context length ${contextLength} is too small`);
    const json = await readJson(tokenizerPath);
    const config = tokenizerConfigPath ? await readJson(tokenizerConfigPath) : {};
    const tokenizer = new Tokenizer(json, config);
    const configName = tokenizerConfigPath ? basename(tokenizerConfigPath) : 'tokenizer_config.json';
    const idOf = (token: string, source: string): number => {
      const id = tokenizer.token_to_id(token);
      if (id === undefined) throw new Error(`${source} '${token}' is not in the vocabulary of ${basename(tokenizerPath)}`);
      return id;
    };
    const eosToken = tokenText(config.eos_token);
    const eosFromTemplate = templateEos(json);
    const eosId = eosToken !== undefined
      ? idOf(eosToken, `${configName} eos_token`)
      : eosFromTemplate !== undefined
        ? idOf(eosFromTemplate, `${basename(tokenizerPath)} post_processor token`)
        : undefined;
    if (eosId === undefined) throw new Error(`neither ${configName} eos_token nor a post_processor in ${basename(tokenizerPath)} names the end-of-text token`);
    const padToken = tokenText(config.pad_token);
    const padding = json.padding as Json | null | undefined;
    const padId = padToken !== undefined
      ? idOf(padToken, `${configName} pad_token`)
      : typeof padding?.pad_id === 'number' ? padding.pad_id : eosId;
    return new SiglipTokenizer(tokenizer, contextLength, eosId, padId);
  }

  /** open_clip's canonicalize_text: `_` to space, drop ASCII punctuation, lowercase, collapse whitespace, trim. */
  canonicalize(text: string): string {
    return text.replace(/_/g, ' ').replace(ASCII_PUNCTUATION, '').toLowerCase().replace(/\s+/g, ' ').trim();
  }

  /** Exactly `contextLength` ids: the canonical text's pieces cut to contextLength-1, then EOS, then pad ids. */
  encode(text: string): number[] {
    const pieces = this.tokenizer.encode(this.canonicalize(text), { add_special_tokens: false }).ids;
    const ids = pieces.slice(0, this.contextLength - 1);
    ids.push(this.eosId);
    while (ids.length < this.contextLength) ids.push(this.padId);
    return ids;
  }
}
