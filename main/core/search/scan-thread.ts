/**
 * The scan thread: it builds and runs the frozen blocks' onnxruntime sessions, so neither a build (~0.6 s per block,
 * synchronous in onnxruntime-node) nor a scan ever holds the API's thread. One per scan kernel; see scan-ort.ts.
 */
import ort from 'onnxruntime-node';
import { parentPort, workerData } from 'node:worker_threads';
import { runScan, scanFeeds, scanSessionOptions, type BlockScan } from './scan-session.js';

/** One frozen block's scan: its bias when it differs from the one the thread holds (`keep` makes it the held one). */
export interface ScanItem {
  frozenId: number;
  bias: Float32Array | null;
  keep: boolean;
}

/** Requests to the scan thread; each carries an id its answer repeats. */
export type ToScanThread =
  | { type: 'freeze'; id: number; model: Uint8Array; scales: Float32Array; bias: Float32Array }
  | { type: 'scan'; id: number; query: Uint8Array; k: number; items: ScanItem[] }
  | { type: 'release'; id: number; frozenId: number };

/** Answers of the scan thread. `frozen` hands the model bytes back, so the thread keeps nothing but the session. */
export type FromScanThread =
  | { type: 'frozen'; id: number; frozenId: number; model: Uint8Array }
  | { type: 'scanned'; id: number; results: BlockScan[] }
  | { type: 'released'; id: number }
  | { type: 'failed'; id: number; message: string };

/** What the thread is started with. */
export interface ScanThreadData {
  dim: number;
  threads: number;
}

/** A frozen block as the thread holds it: its session, its scales (fixed) and its base bias (tombstones change it). */
interface Held {
  session: ort.InferenceSession;
  scales: Float32Array;
  bias: Float32Array;
}

const { dim, threads } = workerData as ScanThreadData;
const held = new Map<number, Held>();
let nextFrozenId = 1;

async function freeze(model: Uint8Array, scales: Float32Array, bias: Float32Array): Promise<number> {
  const session = await ort.InferenceSession.create(model, scanSessionOptions(threads));
  // A session's first run is ~10× slower (lazy allocations): pay it here, not in someone's search.
  try {
    await runScan(session, scanFeeds(dim, new Uint8Array(dim).fill(128), scales, bias, 1));
  } catch (err) {
    await session.release();
    throw err;
  }
  const frozenId = nextFrozenId++;
  held.set(frozenId, { session, scales, bias });
  return frozenId;
}

function holding(frozenId: number): Held {
  const h = held.get(frozenId);
  if (!h) throw new Error(`the scan thread holds no frozen block #${frozenId}`);
  return h;
}

async function answer(m: ToScanThread): Promise<FromScanThread> {
  if (m.type === 'freeze') return { type: 'frozen', id: m.id, frozenId: await freeze(m.model, m.scales, m.bias), model: m.model };
  if (m.type === 'release') {
    const h = holding(m.frozenId);
    held.delete(m.frozenId);
    await h.session.release();
    return { type: 'released', id: m.id };
  }
  const results: BlockScan[] = [];
  for (const item of m.items) {
    const h = holding(item.frozenId);
    if (item.bias && item.keep) h.bias = item.bias;
    results.push(await runScan(h.session, scanFeeds(dim, m.query, h.scales, item.bias ?? h.bias, m.k)));
  }
  return { type: 'scanned', id: m.id, results };
}

/** The buffers an answer can hand over rather than copy: the model bytes back, the score arrays out. */
function movable(reply: FromScanThread): ArrayBuffer[] {
  if (reply.type === 'frozen') return [reply.model.buffer as ArrayBuffer];
  if (reply.type !== 'scanned') return [];
  return [...new Set(reply.results.flatMap((r) => [r.scores.buffer, r.topValues.buffer, r.topColumns.buffer]))] as ArrayBuffer[];
}

function post(reply: FromScanThread): void {
  try {
    parentPort!.postMessage(reply, movable(reply));
  } catch {
    parentPort!.postMessage(reply); // memory onnxruntime owns cannot be moved: copied instead
  }
}

parentPort!.on('message', (m: ToScanThread) => {
  answer(m).then(post, (err: unknown) =>
    parentPort!.postMessage({ type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) }),
  );
});
