/** Query encoding with the shape-true text tower (250k vocab): tokenizer load, first query, uncached and cached queries. */
import { readModelFolder } from '../../main/core/ml/model-folder.js';
import { TextTower } from '../../main/core/ml/text-tower.js';
import { SiglipTokenizer } from '../../main/core/ml/tokenizer.js';
import { ensureBenchModel } from './bench-model.js';
import { now, quantile, timed } from './stats.js';
import type { BenchFn } from './types.js';

const QUERIES = [
  'red car on a beach',
  'a dog in the snow',
  'sunset over the sea',
  'birthday cake with candles',
  'green forest path',
  'children playing football',
  'old stone bridge',
  'cat sleeping on a sofa',
  'city lights at night',
  'blue sky with clouds',
  'mountain lake',
  'people dancing at a wedding',
];

/** Measures the product's TextTower (Immich layout, default threads) as search uses it. */
export const run: BenchFn = async (ctx) => {
  const model = await ensureBenchModel(ctx.root, ctx.quick);
  const folder = await readModelFolder(model.immich);
  const tokenizer = await timed(() => SiglipTokenizer.load(folder.tokenizerPath, folder.tokenizerConfigPath, folder.contextLength));
  const open = await timed(() => TextTower.open(folder, { provider: 'cpu' }));
  const tower = open.value;
  const first = await timed(() => tower.embed([QUERIES[0]!]));
  if (first.value[0]?.length !== 768) throw new Error(`text tower returned ${first.value[0]?.length}-d vectors, expected 768`);
  const uncached: number[] = [];
  for (const q of QUERIES.slice(1)) uncached.push((await timed(() => tower.embed([q]))).ms);
  const cached: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const q of QUERIES) {
      const t0 = now();
      await tower.embed([q.toUpperCase()]);
      cached.push(now() - t0);
    }
  }
  const tokenize: number[] = [];
  for (const q of QUERIES) {
    const t0 = now();
    tokenizer.value.encode(q);
    tokenize.push(now() - t0);
  }
  await tower.release();
  return {
    name: `text: query encoding (shape-true text tower, ${model.vocab} vocab, ${model.layers} layers, immich layout)`,
    figures: [
      { key: 'text.tokenizer_load_ms', label: 'text: tokenizer.json load (250k pieces)', value: tokenizer.ms, unit: 'ms' },
      { key: 'text.open_ms', label: 'text: TextTower.open (tokenizer + session)', value: open.ms, unit: 'ms' },
      { key: 'text.first_ms', label: 'text: first query after load (cold)', value: first.ms, unit: 'ms' },
      { key: 'text.uncached_p50_ms', label: 'text: new query p50 (warm session, cache miss)', value: quantile(uncached, 0.5), unit: 'ms' },
      { key: 'text.cached_p50_ms', label: 'text: repeated query p50 (LRU hit)', value: quantile(cached, 0.5), unit: 'ms' },
      { key: 'text.tokenize_p50_ms', label: 'text: tokenize one query p50', value: quantile(tokenize, 0.5), unit: 'ms' },
    ],
    notes: ['cache hits are the same queries in upper case: canonicalisation maps them to the cached key'],
  };
};
