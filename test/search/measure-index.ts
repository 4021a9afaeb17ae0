/**
 * By hand, not in the suite: `npx tsx test/search/measure-index.ts [photos=1000000] [queries=30]` builds the index over
 * clustered 768-d vectors and prints RAM (bytes per photo, RSS delta), recall@20 vs exact fp32, and query p50/p95 of the
 * onnxruntime kernel (plain and with a predicate filter, as the search service calls it) and the plain-JS kernel,
 * interleaved in one run so a noisy machine slows them alike.
 */
import { loadavg } from 'node:os';
import { VectorIndex } from '../../main/core/search/vector-index.js';
import { clusteredVectors, exactTop, quantileMs, queriesFor, row, setSource } from './vector-data.js';

const n = Number(process.argv[2] ?? 1_000_000);
const queryCount = Number(process.argv[3] ?? 30);
const DIM = 768;
const K = 20;
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

async function main(): Promise<void> {
  let t = performance.now();
  const set = clusteredVectors(n, DIM, 2000, 42);
  const queries = queriesFor(set, queryCount, 9);
  console.log(`generated ${n} × ${DIM} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  t = performance.now();
  const index = new VectorIndex(DIM, setSource(set), n);
  for (let i = 0; i < n; i++) index.upsert(i + 1, row(set, i));
  global.gc?.();
  const rss1 = process.memoryUsage().rss;
  console.log(
    `index built in ${((performance.now() - t) / 1000).toFixed(1)} s; ${index.bytesPerPhoto()} B/photo in the matrix; RSS +${mb(rss1 - rss0)} = ${((rss1 - rss0) / n).toFixed(0)} B/photo`,
  );
  console.log(`kernel: ${JSON.stringify(await index.kernel())}`);
  const js = new VectorIndex(DIM, setSource(set), n, { kernel: 'js' });
  for (let i = 0; i < n; i++) js.upsert(i + 1, row(set, i));
  await index.search(queries[0]!, { k: K });
  const everyone = (): boolean => true;
  const times = { onnx: [] as number[], service: [] as number[], js: [] as number[] };
  const recall: number[] = [];
  for (const [qi, q] of queries.entries()) {
    t = performance.now();
    const res = await index.search(q, { k: K });
    times.onnx.push(performance.now() - t);
    t = performance.now();
    await index.search(q, { k: 1000, filter: everyone });
    await index.countAtLeast(q, 0.5, everyone);
    times.service.push(performance.now() - t);
    if (qi % 10 === 0) {
      t = performance.now();
      await js.search(q, { k: K });
      times.js.push(performance.now() - t);
    }
    if (qi < 10) {
      const truth = new Set(exactTop(set, q, K));
      recall.push(res.hits.filter((h) => truth.has(h.photoId)).length / K);
    }
  }
  const fmt = (xs: number[]): string =>
    `p50 ${quantileMs(xs, 0.5).toFixed(1)} ms, p95 ${quantileMs(xs, 0.95).toFixed(1)} ms (${xs.length} queries)`;
  console.log(`recall@20 over ${recall.length} queries: ${(recall.reduce((a, b) => a + b, 0) / recall.length).toFixed(3)}`);
  console.log(`onnxruntime k=20:                  ${fmt(times.onnx)}`);
  console.log(`onnxruntime as the service calls:  ${fmt(times.service)} (k=1000 + predicate filter + countAtLeast)`);
  console.log(`plain JS k=20:                     ${fmt(times.js)}`);
  console.log(
    `load average during the run: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}

await main();
