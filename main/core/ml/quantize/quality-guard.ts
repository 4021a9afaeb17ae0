/** The int8 quality guard: embeds a calibration set with fp32 and int8 towers and keeps int8 only if they agree. */
import type { ModelFolder } from '../model-folder.js';
import { cosine } from '../scores.js';
import { TextTower } from '../text-tower.js';
import { VisionTower } from '../vision-tower.js';
import { CALIBRATION_PROMPTS, syntheticImages } from './calibration-set.js';

/**
 * Default bar for the mean cosine between int8 and fp32 embeddings of each tower. An embedding at cosine c from
 * its fp32 twin is off by a vector of length √(2(1−c)): 0.14 at 0.99. Spread over 768+ dimensions that moves a
 * photo–caption cosine by about 0.14/√768 ≈ 0.005, well inside the gaps search and tagging rank by, while broken
 * conversions (wrong scales, u8×s8 overflow on CPUs without VNNI) land far lower. Working dynamic int8 conversions of
 * ViT towers score 0.995–0.9995 (0.9994 measured on the shape-true B/16 here).
 */
export const DEFAULT_MEAN_COSINE = 0.99;
/** Default bar for the single worst sample: one photo far off means the conversion fails on some inputs. */
export const DEFAULT_MIN_COSINE = 0.95;

/** Calibration inputs: the person's first photos as ready model tensors, and captions for the text tower. */
export interface Calibration {
  /** CHW tensors of 3×S×S (S = the folder's image size); stand-in images are used when empty. */
  images: Float32Array[];
  /** Captions; {@link CALIBRATION_PROMPTS} by default. */
  prompts?: readonly string[];
}

/** Thresholds of the guard. */
export interface GuardOptions {
  meanCosine?: number;
  minCosine?: number;
  threads?: number;
}

/** Agreement of one tower. */
export interface TowerAgreement {
  meanCosine: number;
  minCosine: number;
  samples: number;
}

/** The guard's verdict, stored in the model manifest and shown in settings. */
export interface GuardResult {
  /** True when both towers reach the bars: run int8; false: stay on fp32. */
  accepted: boolean;
  /** The weaker tower's mean cosine (what "agreement" means in messages). */
  meanCosine: number;
  /** The worst single sample over both towers. */
  minCosine: number;
  /** Images plus captions compared. */
  samples: number;
  message: string;
  vision: TowerAgreement | null;
  text: TowerAgreement | null;
}

function agreement(a: Float32Array[], b: Float32Array[]): TowerAgreement {
  const cos = a.map((v, i) => cosine(v, b[i]!));
  return { meanCosine: cos.reduce((s, c) => s + c, 0) / cos.length, minCosine: Math.min(...cos), samples: cos.length };
}

/** What the guard needs of a tower. */
interface Embeds<T> {
  embed(inputs: T[]): Promise<Float32Array[]>;
  release(): Promise<void>;
}

/** Embeds `inputs` with the tower `open` returns, then frees it. */
async function embedWith<T>(open: () => Promise<Embeds<T>>, inputs: T[]): Promise<Float32Array[]> {
  const tower = await open();
  try {
    return await tower.embed(inputs);
  } finally {
    await tower.release();
  }
}

const f4 = (x: number): string => x.toFixed(4);

function verdictMessage(
  vision: TowerAgreement,
  text: TowerAgreement,
  bars: { mean: number; min: number },
  usedStandIns: boolean,
): { accepted: boolean; message: string } {
  const failing = (
    [
      ['vision', vision],
      ['text', text],
    ] as const
  ).filter(([, t]) => t.meanCosine < bars.mean || t.minCosine < bars.min);
  const what = `${vision.samples} ${usedStandIns ? 'stand-in images' : 'photos'} and ${text.samples} captions`;
  if (failing.length === 0) {
    return {
      accepted: true,
      message: `int8 kept: embeddings agree with fp32 (mean cosine ${f4(Math.min(vision.meanCosine, text.meanCosine))}, lowest ${f4(Math.min(vision.minCosine, text.minCosine))} over ${what}).`,
    };
  }
  const why = failing
    .map(([name, t]) => `the ${name} tower agrees only ${f4(t.meanCosine)} on average (lowest ${f4(t.minCosine)})`)
    .join(' and ');
  return {
    accepted: false,
    message: `int8 rejected, staying on fp32: ${why}; it needs ${bars.mean} on average and ${bars.min} for every sample (${what}).`,
  };
}

/**
 * Compares the towers of `candidate` (int8) with those of `reference` (fp32) on the CPU over the calibration set:
 * keeps int8 only if each tower's mean cosine reaches `meanCosine` (default {@link DEFAULT_MEAN_COSINE}) and no
 * sample falls below `minCosine`. An int8 tower that cannot even be loaded is a rejection, not an error.
 */
export async function checkInt8Quality(
  reference: ModelFolder,
  candidate: ModelFolder,
  calibration: Calibration,
  options: GuardOptions = {},
): Promise<GuardResult> {
  const bars = { mean: options.meanCosine ?? DEFAULT_MEAN_COSINE, min: options.minCosine ?? DEFAULT_MIN_COSINE };
  const opts = { provider: 'cpu' as const, ...(options.threads ? { threads: options.threads } : {}) };
  const usedStandIns = calibration.images.length === 0;
  const images = usedStandIns ? syntheticImages(reference.imageSize) : calibration.images;
  const prompts = [...(calibration.prompts ?? CALIBRATION_PROMPTS)];
  const fp32Images = await embedWith(() => VisionTower.open(reference, opts), images);
  const fp32Texts = await embedWith(() => TextTower.open(reference, opts), prompts);
  let int8Images: Float32Array[];
  let int8Texts: Float32Array[];
  try {
    int8Images = await embedWith(() => VisionTower.open(candidate, opts), images);
    int8Texts = await embedWith(() => TextTower.open(candidate, opts), prompts);
  } catch (e) {
    const message = `int8 rejected, staying on fp32: the int8 towers cannot run (${(e as Error).message}).`;
    return { accepted: false, meanCosine: 0, minCosine: 0, samples: 0, message, vision: null, text: null };
  }
  const vision = agreement(fp32Images, int8Images);
  const text = agreement(fp32Texts, int8Texts);
  return {
    ...verdictMessage(vision, text, bars, usedStandIns),
    meanCosine: Math.min(vision.meanCosine, text.meanCosine),
    minCosine: Math.min(vision.minCosine, text.minCosine),
    samples: vision.samples + text.samples,
    vision,
    text,
  };
}
