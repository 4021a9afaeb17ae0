/** SiglipTokenizer against hand-derived ids from the fixture vocab and against the Rust HF tokenizers (npm `tokenizers`). */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer as RustTokenizer } from 'tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModelFolder, type ModelFolder } from '../../main/core/ml/model-folder.js';
import { SiglipTokenizer } from '../../main/core/ml/tokenizer.js';
import { fixtures } from '../helpers/fixtures.js';

interface TokenizerFile {
  model: { vocab: [string, number][]; unk_id: number };
}

let folder: ModelFolder;
let tok: SiglipTokenizer;
let vocab: Map<string, number>;
let unkId: number;
let scratch: string;

/** Id of a hand-picked piece in the fixture vocab (fails loudly when the fixture lacks it). */
function id(piece: string): number {
  const v = vocab.get(piece);
  if (v === undefined) throw new Error(`fixture vocab has no piece '${piece}'`);
  return v;
}

/** `pieces` framed as the text tower wants them: EOS, then pad ids up to 64. */
function framed(pieces: number[]): number[] {
  const out = [...pieces, id('</s>')];
  while (out.length < 64) out.push(id('</s>'));
  return out;
}

/** The Rust implementation configured independently: its own post-processor adds EOS, its truncation and padding frame it. */
async function rustIds(text: string): Promise<number[]> {
  const rust = RustTokenizer.fromFile(folder.tokenizerPath);
  rust.setTruncation(64);
  rust.setPadding({ maxLength: 64, padId: id('</s>'), padToken: '</s>' });
  const enc = await rust.encode(tok.canonicalize(text));
  return enc.getIds();
}

beforeAll(async () => {
  folder = await readModelFolder((await fixtures()).immichModel);
  tok = await SiglipTokenizer.load(folder.tokenizerPath, folder.tokenizerConfigPath, folder.contextLength, folder.layout);
  const json = JSON.parse(await readFile(folder.tokenizerPath, 'utf8')) as TokenizerFile;
  vocab = new Map(json.model.vocab.map(([piece], i) => [piece, i]));
  unkId = json.model.unk_id;
  scratch = await mkdtemp(join(tmpdir(), 'shoebox-tokenizer-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('SiglipTokenizer', () => {
  it('reads EOS and pad from the tokenizer files', () => {
    expect(tok.eosId).toBe(id('</s>'));
    expect(tok.padId).toBe(id('</s>'));
  });

  it('cleans Immich-layout text like open_clip (ftfy, html.unescape, canonicalize_text)', () => {
    expect(tok.cleaning).toBe('immich');
    expect(tok.canonicalize('  RED, Car!  ')).toBe('red car');
    expect(tok.canonicalize('red_car\t\n on   the-beach.')).toBe('red car on thebeach');
    expect(tok.canonicalize('Émile’s 🚗')).toBe('émiles 🚗');
    expect(tok.canonicalize('tom &amp; jerry')).toBe('tom jerry');
    expect(tok.canonicalize('cafÃ© donâ€™t')).toBe('café dont');
    expect(tok.canonicalize('ｆｕｌｌ！ ﬁne')).toBe('full fine');
    expect(tok.canonicalize('next\u0085line\u000b bom\ufeff')).toBe('next…line bom'); // ftfy reads U+0085 as Windows-1252 …
  });

  it('cleans transformers-layout text like SiglipTokenizer (underscores deleted, Python whitespace)', async () => {
    const xenova = await SiglipTokenizer.load(folder.tokenizerPath, folder.tokenizerConfigPath, folder.contextLength, 'xenova');
    expect(xenova.canonicalize('  RED, Car!  ')).toBe('red car');
    expect(xenova.canonicalize('red_car\t\n on   the-beach.')).toBe('redcar on thebeach');
    expect(xenova.canonicalize('Émile’s 🚗')).toBe('émile’s 🚗');
    expect(xenova.canonicalize('next\u0085line\u001cend')).toBe('next line end');
    expect(xenova.canonicalize('bom\ufeff')).toBe('bom\ufeff');
  });

  const cases: [string, () => number[]][] = [
    ['RED Car', () => [id('▁red'), id('▁car')]],
    ['red, car!', () => [id('▁red'), id('▁car')]],
    ['sunsets beaches', () => [id('▁sunset'), id('s'), id('▁beach'), id('es')]],
    ['red 🚗 car', () => [id('▁red'), id('▁'), unkId, id('▁car')]],
    ['xyz', () => [id('▁'), id('x'), id('y'), id('z')]],
    ['', () => []],
  ];

  it.each(cases)('encodes %j to the hand-derived ids and the Rust ids', async (text, pieces) => {
    const ids = tok.encode(text);
    expect(ids).toEqual(framed(pieces()));
    expect(ids).toEqual(await rustIds(text));
  });

  it('truncates 200 words to 63 pieces and keeps EOS last', async () => {
    const text = Array.from({ length: 200 }, (_, i) => (i % 2 ? 'Blue' : 'red')).join(' ');
    const ids = tok.encode(text);
    expect(ids).toHaveLength(64);
    expect(ids[63]).toBe(id('</s>'));
    expect(ids.slice(0, 4)).toEqual([id('▁red'), id('▁blue'), id('▁red'), id('▁blue')]);
    expect(ids.slice(0, 63)).not.toContain(id('</s>'));
    expect(ids).toEqual(await rustIds(text));
  });

  it('takes pad from a modified tokenizer_config.json, and EOS from the post-processor when the config has none', async () => {
    const config = JSON.parse(await readFile(folder.tokenizerConfigPath!, 'utf8')) as Record<string, unknown>;
    const padded = join(scratch, 'pad.json');
    await writeFile(padded, JSON.stringify({ ...config, pad_token: '<pad>' }));
    const t = await SiglipTokenizer.load(folder.tokenizerPath, padded, 64);
    expect(t.padId).toBe(id('<pad>'));
    expect(t.padId).not.toBe(tok.padId);
    expect(t.encode('red car')).toEqual([id('▁red'), id('▁car'), id('</s>'), ...Array<number>(61).fill(id('<pad>'))]);
    const bare = await SiglipTokenizer.load(folder.tokenizerPath, null, 64);
    expect([bare.eosId, bare.padId]).toEqual([id('</s>'), id('</s>')]);
  });

  it('refuses a config naming a token the vocab lacks', async () => {
    const bad = join(scratch, 'bad.json');
    await writeFile(bad, JSON.stringify({ eos_token: '<eos>' }));
    await expect(SiglipTokenizer.load(folder.tokenizerPath, bad, 64)).rejects.toThrow(
      "bad.json eos_token '<eos>' is not in the vocabulary of tokenizer.json",
    );
  });
});
