/** Every code point between two letters, tokenised by Shoebox and by each layout's reference tokenizer: ids identical. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readModelFolder } from '../../main/core/ml/model-folder.js';
import { SiglipTokenizer } from '../../main/core/ml/tokenizer.js';
import { WORLD_MODELS } from './golden-helpers.js';

interface Sweep {
  points: number[];
  transformers: number[][];
  open_clip: number[][];
}

/** test/world/py/sweep.py's output: 'a' + chr(c) + 'b' for the BMP and the emoji blocks, ids up to `</s>`. */
const SWEEP = JSON.parse(gunzipSync(readFileSync(join(import.meta.dirname, 'codepoint-sweep.json.gz'))).toString('utf8')) as Sweep;

describe.each([
  ['xenova', 'transformers'],
  ['immich', 'open_clip'],
] as const)('the %s tokenizer against %s', (layout, reference) => {
  let tokenizer: SiglipTokenizer;
  beforeAll(async () => {
    const folder = await readModelFolder(join(WORLD_MODELS, layout));
    tokenizer = await SiglipTokenizer.load(folder.tokenizerPath, folder.tokenizerConfigPath, folder.contextLength, folder.layout);
  });

  it(`gives the reference ids for all ${SWEEP.points.length} code points`, () => {
    const expected = SWEEP[reference];
    const differ: string[] = [];
    SWEEP.points.forEach((cp, i) => {
      const ids = tokenizer.encode(`a${String.fromCodePoint(cp)}b`);
      const want = expected[i]!;
      const got = ids.slice(0, ids.indexOf(tokenizer.eosId) + 1);
      if (got.join() !== want.join())
        differ.push(`U+${cp.toString(16).toUpperCase().padStart(4, '0')} ours ${got.join(' ')} reference ${want.join(' ')}`);
    });
    console.log(
      `${layout}: ${differ.length} of ${SWEEP.points.length} code points differ${differ.length ? `, e.g.\n${differ.slice(0, 40).join('\n')}` : ''}`,
    );
    expect(differ).toEqual([]);
  });
});
