/** Which listed model to suggest: Base Multilingual 256 by default, Large 384 for English on a clearly faster GPU. */

/** What the recommendation depends on: the GPU provider in use, its measured speed-up over the CPU, the UI language. */
export interface RecommendInput {
  /** The active GPU execution provider (`cuda`, `dml`, `coreml`, `webgpu`), or null when only the CPU runs. */
  gpuProvider: string | null;
  /** GPU photos/s divided by CPU photos/s from the short speed probe; null when not measured. */
  gpuSpeedup: number | null;
  /** BCP-47 language of the user (`en`, `en-GB`, `de-DE`, ...). */
  language: string;
}

/** A suggested model id and the reason shown next to it. */
export interface Recommendation {
  id: string;
  reason: string;
}

/** The everyday default: fast on any CPU and understands many languages. */
export const DEFAULT_MODEL_ID = 'siglip-base-256-multilingual';
/** The upgrade for English on a GPU. */
export const LARGE_MODEL_ID = 'siglip-large-384';
/**
 * How much faster than the CPU the GPU must be. Large 384 costs ~8× Base 256's work per photo, so below ~4× it would
 * index slower than Base on the CPU by more than half: not worth it.
 */
export const MIN_GPU_SPEEDUP = 4;

/** Picks the model to suggest. Pure: the caller measures the GPU and passes the numbers in. */
export function recommendModel(input: RecommendInput): Recommendation {
  const english = input.language.trim().toLowerCase().split(/[-_]/)[0] === 'en';
  const fastGpu = input.gpuProvider !== null && input.gpuSpeedup !== null && input.gpuSpeedup >= MIN_GPU_SPEEDUP;
  if (english && fastGpu) {
    return {
      id: LARGE_MODEL_ID,
      reason: `Your graphics card (${input.gpuProvider}) ran ${input.gpuSpeedup!.toFixed(1)}× faster than the processor, so the larger, more accurate English model stays quick.`,
    };
  }
  const why = !fastGpu
    ? input.gpuProvider === null
      ? 'No graphics card acceleration is available'
      : `The graphics card (${input.gpuProvider}) is not clearly faster than the processor here`
    : 'Your language is not English';
  return {
    id: DEFAULT_MODEL_ID,
    reason: `${why}; Base Multilingual 256 is quick on any computer and understands searches in many languages.`,
  };
}
