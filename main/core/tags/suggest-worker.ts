/** Worker-thread entry: runs suggestion passes on its own catalog connection, off the API's event loop. */
import { parentPort, workerData } from 'node:worker_threads';
import { openCatalog } from '../catalog/db.js';
import { runPass, type PassPlan } from './suggest-pass.js';
import type { FromSuggestThread, ToSuggestThread } from './suggest-thread.js';

const port = parentPort!;
const { catalogFile, nativeBinding, threads } = workerData as { catalogFile: string; nativeBinding?: string; threads: number };
const db = openCatalog(catalogFile, { nativeBinding });
const post = (m: FromSuggestThread): void => port.postMessage(m);

let paused = false;
let stop = false;
let resume: (() => void) | null = null;
let queue: Promise<void> = Promise.resolve();

function run(id: number, plan: PassPlan): void {
  stop = false;
  queue = queue.then(async () => {
    try {
      const result = await runPass(db, plan, {
        onProgress: (done, total) => post({ type: 'progress', id, done, total }),
        waitIfPaused: () => (paused ? new Promise<void>((r) => (resume = r)) : new Promise<void>((r) => setImmediate(r))),
        stopped: () => stop,
      }, threads);
      post({ type: 'done', id, ...result });
    } catch (err) {
      post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
    }
  });
}

port.on('message', (m: ToSuggestThread) => {
  if (m.type === 'run') run(m.id, m.plan);
  else if (m.type === 'pause') paused = true;
  else if (m.type === 'resume') {
    paused = false;
    resume?.();
    resume = null;
  } else if (m.type === 'stop') {
    stop = true;
    paused = false;
    resume?.();
  } else if (m.type === 'close') {
    stop = true;
    resume?.();
    void queue.finally(() => {
      db.close();
      port.close();
    });
  }
});
post({ type: 'ready' });
