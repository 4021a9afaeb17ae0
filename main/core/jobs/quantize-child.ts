/** One run of the int8 child (quantize-worker): makes and checks a model's int8 towers off the API's process. */
import { fork } from 'node:child_process';
import type { Logger } from '../ports.js';
import type { FromQuantizer, QuantizeJob } from './quantize-worker.js';
import { workerEntry } from './worker-entry.js';

/** The quality guard's verdict as stored in the model manifest. */
export interface Int8Verdict {
  accepted: boolean;
  meanCosine: number;
  minCosine: number;
  samples: number;
  /** The person's photos it was checked on (0: stand-in images only). */
  photos: number;
  message: string;
  checkedAt: number;
}

/**
 * Quantizes (when needed) and checks the int8 towers of `job.modelDir` in a child process (minutes of synchronous work
 * for a real model). Resolves with the verdict, or null when the child failed or was stopped (the fp32 towers are
 * untouched either way; a half-written int8 file is never found).
 */
export function quantizeInChild(
  job: QuantizeJob,
  log: Logger,
  signal: AbortSignal,
  onProgress?: (done: number, total: number) => void,
): Promise<Int8Verdict | null> {
  const entry = workerEntry('quantize-worker');
  const child = fork(entry.file, [], { execArgv: entry.execArgv, stdio: ['ignore', 2, 'inherit', 'ipc'] });
  const stop = () => child.kill('SIGKILL');
  signal.addEventListener('abort', stop, { once: true });
  let verdict: Int8Verdict | null = null;
  child.on('message', (m: FromQuantizer) => {
    if (m.type === 'progress') onProgress?.(m.done, m.total);
    else if (m.type === 'result') {
      verdict = {
        accepted: m.accepted,
        meanCosine: m.meanCosine,
        minCosine: m.minCosine,
        samples: m.samples,
        photos: job.samplePhotos.length,
        message: m.message,
        checkedAt: Date.now(),
      };
    } else if (m.type === 'fatal') log.warn('Could not make int8 towers; staying on fp32', { message: m.message });
  });
  child.send(job);
  return new Promise((resolve) =>
    child.on('exit', () => {
      signal.removeEventListener('abort', stop);
      resolve(verdict);
    }),
  );
}
