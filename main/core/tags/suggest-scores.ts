/** Suggestion scores and thresholds: calibrated probabilities, or a relative score where a model's scalars are unknown. */
import { matchProbability, type LogitCalibration } from '../ml/scores.js';
import { probabilityThreshold, quantile } from '../search/cutoff.js';

/** Scores below this are not stored at all: the threshold at the most lenient sensitivity. */
export const SCORE_FLOOR = probabilityThreshold(1);

/**
 * The default threshold of a model's suggestions at a sensitivity (0 strict … 1 lenient), the same scale for
 * calibrated and uncalibrated models because both scores live in [0, 1]; a tag's own `threshold` overrides it.
 */
export function defaultThreshold(sensitivity: number): number {
  return probabilityThreshold(sensitivity);
}

/**
 * Scores one tag's cosines over many photos.
 * - Calibrated: the SigLIP probability sigmoid(exp(logitScaleLog)·cos + logitBias) of the template-averaged prompt.
 * - Uncalibrated (scale/bias unknown): a RELATIVE score sigmoid(z − 3), where z is how many background spreads the
 *   photo's cosine stands above this tag's background over the scored photos (centre and spread from the Q10/Q30
 *   quantiles, as in [Note: Relative cut-off]). It says "stands out for this tag", not "probably shows it";
 *   groups built from it are marked uncalibrated.
 */
export function scoreColumn(cosines: Float64Array, calibration: LogitCalibration | null): Float64Array {
  const out = new Float64Array(cosines.length);
  if (calibration) {
    for (let i = 0; i < cosines.length; i++) out[i] = matchProbability(cosines[i]!, calibration);
    return out;
  }
  const sorted = Array.from(cosines).sort((a, b) => a - b);
  const q10 = quantile(sorted, 0.1);
  const q30 = quantile(sorted, 0.3);
  const sigma = Math.max((q30 - q10) / 0.757, 1e-3);
  const centre = q30 + 0.524 * sigma;
  for (let i = 0; i < cosines.length; i++) out[i] = 1 / (1 + Math.exp(-((cosines[i]! - centre) / sigma - 3)));
  return out;
}
