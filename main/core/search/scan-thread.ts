/**
 * The scan thread: it builds and runs the frozen blocks' onnxruntime sessions, so neither a build (~0.6 s per block,
 * synchronous in onnxruntime-node) nor a scan ever holds the API's thread. One per scan kernel; see scan-ort.ts.
 */
import ort from 'onnxruntime-node';
import { parentPort, workerData } from 'node:worker_threads';
import { frozenGraphParts } from './frozen-graph.js';
import { runScan, scanFeeds, scanSessionOptions, type BlockScan } from './scan-session.js';

/** Requests to the scan thread; each carries an id its answer repeats. */
export type ToScanThread =
  | { type: 'freeze'; id: number; capacity: number; codes: Int8Array }
  | { type: 'scan'; id: number; frozenId: number; query: Uint8Array; scales: Float32Array; bias: Float32Array; k: number }
  | { type: 'release'; id: number; frozenId: number };

/** Answers of the scan thread. */
export type FromScanThread =
  | { type: 'frozen'; id: number; frozenId: number }
  | ({ type: 'scanned'; id: number } & BlockScan)
  | { type: 'released'; id: number }
  | { type: 'failed'; id: number; message: string };

/** What the thread is started with. */
export interface ScanThreadData {
  dim: number;
  threads: number;
}

const { dim, threads } = workerData as ScanThreadData;
const sessions = new Map<number, ort.InferenceSession>();
let nextFrozenId = 1;

async function freeze(capacity: number, codes: Int8Array): Promise<number> {
  const session = await ort.InferenceSession.create(Buffer.concat(frozenGraphParts(dim, { codes, capacity })), scanSessionOptions(threads));
  // A session's first run is ~10× slower (lazy allocations): pay it here, not in someone's search.
  try {
    const zeros = new Float32Array(capacity);
    await runScan(session, scanFeeds(dim, new Uint8Array(dim).fill(128), zeros, zeros, 1));
  } catch (err) {
    await session.release();
    throw err;
  }
  const frozenId = nextFrozenId++;
  sessions.set(frozenId, session);
  return frozenId;
}

async function answer(m: ToScanThread): Promise<FromScanThread> {
  if (m.type === 'freeze') return { type: 'frozen', id: m.id, frozenId: await freeze(m.capacity, m.codes) };
  const session = sessions.get(m.frozenId);
  if (!session) throw new Error(`the scan thread holds no frozen block #${m.frozenId}`);
  if (m.type === 'release') {
    sessions.delete(m.frozenId);
    await session.release();
    return { type: 'released', id: m.id };
  }
  return { type: 'scanned', id: m.id, ...(await runScan(session, scanFeeds(dim, m.query, m.scales, m.bias, m.k))) };
}

/** Sends an answer, handing the score arrays over rather than copying them when they can be moved. */
function post(reply: FromScanThread): void {
  if (reply.type !== 'scanned') return parentPort!.postMessage(reply);
  const buffers = [...new Set([reply.scores.buffer, reply.topValues.buffer, reply.topColumns.buffer])] as ArrayBuffer[];
  try {
    parentPort!.postMessage(reply, buffers);
  } catch {
    parentPort!.postMessage(reply); // memory onnxruntime owns cannot be moved: copied instead
  }
}

parentPort!.on('message', (m: ToScanThread) => {
  answer(m).then(post, (err: unknown) =>
    parentPort!.postMessage({ type: 'failed', id: m.id, message: err instanceof Error ? err.message : String(err) }),
  );
});
