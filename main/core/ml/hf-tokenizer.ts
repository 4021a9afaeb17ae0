/** @huggingface/tokenizers with the types Shoebox relies on (its .d.ts files re-export without file extensions, which NodeNext cannot resolve). */
import { Tokenizer as UntypedTokenizer } from '@huggingface/tokenizers';

/** What an encoding gives back. */
export interface HfEncoding {
  ids: number[];
  tokens: string[];
}

/** The tokenizer methods Shoebox calls. */
export interface HfTokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): HfEncoding;
  token_to_id(token: string): number | undefined;
}

/** A tokenizer built from tokenizer.json's contents and tokenizer_config.json's. */
export const Tokenizer = UntypedTokenizer as unknown as new (json: unknown, config: unknown) => HfTokenizer;
