/**
 * The scan thread: it holds the frozen blocks (codes and sketch in WebAssembly memory, see sketch-block.ts) and scans
 * them, so neither freezing nor a scan ever holds the API's thread. One per scan kernel; see scan-ort.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { freeNow } from './free-now.js';
import { SketchBlock } from './sketch-block.js';
import { maskedColumns, prepareQuery, sketchCount, sketchSearch, type SketchItem, type SketchResult } from './sketch-scan.js';

/** One frozen block of a request: its bias when it differs from the one the thread holds (`keep` makes it the held one). */
export interface ScanItem {
  frozenId: number;
  bias: Float32Array | null;
  keep: boolean;
}

/** Requests to the scan thread; each carries an id its answer repeats. */
export type ToScanThread =
  | { type: 'freeze'; id: number; codes: Int8Array; capacity: number; scales: Float32Array; bias: Float32Array }
  | { type: 'scan'; id: number; query: Uint8Array; k: number; stride: number; items: ScanItem[] }
  | { type: 'count'; id: number; query: Uint8Array; factor: number; threshold: number; items: ScanItem[] }
  | { type: 'release'; id: number; frozenId: number };

/** Answers of the scan thread. */
export type FromScanThread =
  | { type: 'frozen'; id: number; frozenId: number }
  | { type: 'scanned'; id: number; results: SketchResult[] }
  | { type: 'counted'; id: number; counts: number[] }
  | { type: 'released'; id: number }
  | { type: 'failed'; id: number; message: string };

/** What the thread is started with. */
export interface ScanThreadData {
  dim: number;
  /** This thread's share of a search's shortlist (1 / number of scan threads: each holds as many blocks). */
  share: number;
}

/** A frozen block as the thread holds it: codes and sketch, its scales (fixed), its base bias (tombstones change it) and where that is −∞. */
interface Held {
  block: SketchBlock;
  scales: Float32Array;
  bias: Float32Array;
  masked: Int32Array;
}

const { dim, share } = workerData as ScanThreadData;
const held = new Map<number, Held>();
let nextFrozenId = 1;

function holding(frozenId: number): Held {
  const h = held.get(frozenId);
  if (!h) throw new Error(`the scan thread holds no frozen block #${frozenId}`);
  return h;
}

/**
 * The request's blocks with the bias each is scanned with (a bias marked `keep` becomes the block's own). A count
 * (`withMasks` false) reads every row and needs no list of the rows kept out by a filter's bias.
 */
function itemsOf(items: readonly ScanItem[], withMasks = true): SketchItem[] {
  return items.map((item) => {
    const h = holding(item.frozenId);
    if (item.bias && item.keep) {
      h.bias = item.bias;
      h.masked = maskedColumns(item.bias, h.block.capacity);
    }
    const own = !item.bias || item.keep;
    return {
      block: h.block,
      scales: h.scales,
      bias: own ? h.bias : item.bias!,
      masked: own || !withMasks ? h.masked : maskedColumns(item.bias!, h.block.capacity),
    };
  });
}

function answer(m: ToScanThread): FromScanThread {
  switch (m.type) {
    case 'freeze': {
      const frozenId = nextFrozenId++;
      const block = new SketchBlock(dim, m.capacity, m.codes);
      // The thread keeps nothing but its own layout: the copy it was handed is freed now (this thread allocates too
      // little for a collection to come soon).
      freeNow(m.codes);
      held.set(frozenId, { block, scales: m.scales, bias: m.bias, masked: maskedColumns(m.bias, m.capacity) });
      return { type: 'frozen', id: m.id, frozenId };
    }
    case 'release':
      holding(m.frozenId);
      held.delete(m.frozenId);
      return { type: 'released', id: m.id };
    case 'scan':
      return { type: 'scanned', id: m.id, results: sketchSearch(itemsOf(m.items), prepareQuery(m.query, dim), m.k, m.stride, share) };
    case 'count':
      return { type: 'counted', id: m.id, counts: sketchCount(itemsOf(m.items, false), prepareQuery(m.query, dim), m.factor, m.threshold) };
  }
}

/** The buffers an answer can hand over rather than copy: a scan's result arrays. */
function movable(reply: FromScanThread): ArrayBuffer[] {
  if (reply.type !== 'scanned') return [];
  return reply.results.flatMap((r) => [r.topValues.buffer, r.topColumns.buffer, r.sample.buffer]) as ArrayBuffer[];
}

parentPort!.on('message', (m: ToScanThread) => {
  let reply: FromScanThread;
  try {
    reply = answer(m);
  } catch (err) {
    reply = { type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply, movable(reply));
});
