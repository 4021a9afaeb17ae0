/** Entry of the int8 child process: quantizes a model's fp32 towers (if needed) and checks them against fp32. */
import { readModelFolder } from '../ml/model-folder.js';
import { checkInt8Quality } from '../ml/quantize/quality-guard.js';
import { quantizeModelFolder, removeInt8Towers } from '../ml/quantize/quantize-model.js';
import { decodePhoto } from '../media/decode.js';

/** What the parent asks for: the model folder and a few of the person's photos to calibrate with. */
export interface QuantizeJob {
  modelDir: string;
  samplePhotos: string[];
  /** Weights below this many elements stay fp32 (tests quantize the tiny fixtures with 0). */
  minElements?: number;
}

/** Child → parent messages. */
export type FromQuantizer =
  | { type: 'progress'; done: number; total: number; tower: string }
  | { type: 'result'; accepted: boolean; meanCosine: number; minCosine: number; samples: number; message: string }
  | { type: 'fatal'; message: string };

const send = (m: FromQuantizer): void => void process.send?.(m);

async function run(job: QuantizeJob): Promise<void> {
  const reference = await readModelFolder(job.modelDir, 'fp32');
  if (!reference.availablePrecisions.includes('int8')) {
    await quantizeModelFolder(reference, {
      minElements: job.minElements,
      onProgress: (done, total, tower) => send({ type: 'progress', done, total, tower }),
    });
  }
  const candidate = await readModelFolder(job.modelDir, 'int8');
  const images: Float32Array[] = [];
  for (const path of job.samplePhotos) {
    try {
      images.push(
        (await decodePhoto(path, { tensorSize: reference.imageSize, mean: reference.mean, std: reference.std, thumbPath: null })).tensor,
      );
    } catch {
      // An unreadable photo is no calibration sample; the rest will do.
    }
  }
  const verdict = await checkInt8Quality(reference, candidate, { images });
  if (!verdict.accepted) await removeInt8Towers(reference);
  send({
    type: 'result',
    accepted: verdict.accepted,
    meanCosine: verdict.meanCosine,
    minCosine: verdict.minCosine,
    samples: verdict.samples,
    message: verdict.message,
  });
}

process.once('message', (job: QuantizeJob) => {
  run(job).then(
    () => process.exit(0),
    (err: unknown) => {
      send({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
      process.exit(1);
    },
  );
});
