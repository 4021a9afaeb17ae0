/** Entry of the indexing child process: opens its own catalog connection and model, then runs the index loop. */
import { openCatalog } from '../catalog/db.js';
import { requeueRunning } from '../catalog/jobs.js';
import { readModelFolder } from '../ml/model-folder.js';
import { availableParallelism } from 'node:os';
import { lowerDecodeThreads } from './decode-priority.js';
import { runIndexLoop } from './index-loop.js';
import type { MachineTrouble } from './machine-trouble.js';
import { ThreadedTower } from './threaded-tower.js';
import { waitOutTrouble } from './trouble-wait.js';
import type { FromWorker, IndexWorkerConfig, ToWorker } from './worker-messages.js';

/** Reports to the parent; after it let go of this child (a stop, a model switch) there is nobody left to tell. */
const send = (m: FromWorker): void => {
  if (process.connected) process.send?.(m, undefined, {}, () => undefined);
};

let paused = false;
let stopped = false;
let wake: (() => void) | null = null;

const control = {
  isPaused: () => paused && !stopped,
  paused: () => (paused && !stopped ? new Promise<void>((r) => (wake = r)) : Promise.resolve()),
  stopped: () => stopped,
};

async function run(config: IndexWorkerConfig): Promise<void> {
  const db = openCatalog(config.catalogFile, { nativeBinding: config.nativeBinding });
  requeueRunning(db);
  const folder = config.modelDir === null ? null : await readModelFolder(config.modelDir, config.precision);
  const tower = folder
    ? await ThreadedTower.open(folder, { provider: config.provider, threads: config.threads ?? availableParallelism() })
    : null;
  // See [Note: Decodes behind the model]; without a model on the CPU the decodes compete with nothing of ours.
  const decodeThreadsLowered = tower?.provider === 'cpu' ? lowerDecodeThreads() : 0;
  send({ type: 'ready', provider: tower?.provider ?? null, maxBatch: tower?.maxBatch ?? 1, dim: tower?.dim ?? 0, decodeThreadsLowered });
  const loop = {
    db,
    tower,
    modelId: config.modelId,
    thumbsDir: config.thumbsDir,
    mean: folder?.mean ?? ([0.5, 0.5, 0.5] as [number, number, number]),
    std: folder?.std ?? ([0.5, 0.5, 0.5] as [number, number, number]),
    lookahead: config.lookahead ?? Math.max(4, (tower?.maxBatch ?? 2) * 2),
    crashOn: process.env.SHOEBOX_TEST_CRASH_ON,
    control,
    waitOut: (trouble: MachineTrouble, attempt: number) =>
      waitOutTrouble(trouble, attempt, { report: (problem) => send({ type: 'waiting', problem }), stopped: control.stopped }),
    events: {
      embedded: (photoId: number, vector: Float32Array) => send({ type: 'embedded', photoId, vector }),
      read: (photoId: number) => send({ type: 'read', photoId }),
      failed: (photoId: number, reason: string) => send({ type: 'failed', photoId, reason }),
      warned: (photoId: number, message: string) => send({ type: 'warning', photoId, message }),
    },
  };
  // Photos that were in flight when an earlier run died go first, alone, so one that crashes us is singled out.
  await runIndexLoop({ ...loop, serial: true });
  await runIndexLoop(loop);
  const model = tower?.busy ?? { busyMs: 0, spanMs: 0 };
  await tower?.release();
  db.close();
  send({ type: 'idle', model });
}

process.on('message', (m: ToWorker) => {
  if (m.type === 'start') {
    run(m.config).then(
      () => process.exit(0),
      (err: unknown) => {
        send({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
        process.exit(1);
      },
    );
  } else if (m.type === 'pause') paused = true;
  else if (m.type === 'resume' || m.type === 'stop') {
    if (m.type === 'stop') stopped = true;
    paused = false;
    wake?.();
    wake = null;
  }
});
process.on('disconnect', () => {
  stopped = true;
  wake?.();
});
