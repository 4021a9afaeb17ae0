/** Worker-thread entry: hosts the vision tower so a blocking inference never stalls the decodes of the next photos. */
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelFolder } from '../ml/model-folder.js';
import type { ProviderSetting } from '../ml/session.js';
import { VisionTower } from '../ml/vision-tower.js';
import type { FromVisionThread, ToVisionThread } from './threaded-tower.js';

const port = parentPort!;
const post = (m: FromVisionThread, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
const { folder, provider, threads } = workerData as { folder: ModelFolder; provider: ProviderSetting; threads?: number };

/** Union of the intervals the tower was running, and when the first run began (for the busy fraction). */
const busy = { ms: 0, firstStart: Number.NaN, lastEnd: 0 };

function account(start: number, end: number): { busyMs: number; spanMs: number } {
  if (Number.isNaN(busy.firstStart)) busy.firstStart = start;
  busy.ms += Math.max(0, end - Math.max(start, busy.lastEnd));
  busy.lastEnd = Math.max(busy.lastEnd, end);
  return { busyMs: busy.ms, spanMs: busy.lastEnd - busy.firstStart };
}

VisionTower.open(folder, { provider, threads }).then(
  (tower) => {
    post({ type: 'ready', provider: tower.provider, maxBatch: tower.maxBatch, dim: tower.dim, imageSize: tower.imageSize });
    port.on('message', (m: ToVisionThread) => {
      if (m.type === 'close') {
        void tower.release().finally(() => port.close());
        return;
      }
      const start = performance.now();
      tower.embed(m.tensors).then(
        (vectors) =>
          post(
            { type: 'embedded', id: m.id, vectors, model: account(start, performance.now()) },
            vectors.map((v) => v.buffer as ArrayBuffer),
          ),
        (err: unknown) => post({ type: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) }),
      );
    });
  },
  (err: unknown) => post({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
);
