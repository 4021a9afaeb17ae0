/** Relevance cut-offs: which hits count as strong (shown) and which are the weak tail (shown on request). */
import type { LogitCalibration } from '../ml/scores.js';

/** A cut-off as the contract reports it, plus the minimum score (cosine) a strong hit needs. */
export interface Cutoff {
  kind: 'probability' | 'relative' | 'none';
  /** The probability threshold, or the score threshold for a relative cut-off. */
  value: number;
  minScore: number;
}

/** The default sensitivity (0 = strict, 1 = lenient). */
export const DEFAULT_SENSITIVITY = 0.5;

/** Clamps a person's sensitivity to [0, 1] (non-numbers give the default). */
export function clampSensitivity(s: number | undefined): number {
  return typeof s === 'number' && Number.isFinite(s) ? Math.min(1, Math.max(0, s)) : DEFAULT_SENSITIVITY;
}

/**
 * Probability a calibrated match needs: sigmoid(2 − 8·s), i.e. 0.88 at s = 0, 0.12 at s = 0.5, 0.0025 at s = 1.
 * SigLIP's bias is conservative, so true matches often sit at 0.05–0.5; the middle setting keeps those.
 */
export function probabilityThreshold(sensitivity: number): number {
  return 1 / (1 + Math.exp(-(2 - 8 * clampSensitivity(sensitivity))));
}

/** The cosine at which `sigmoid(exp(logitScaleLog)·cos + logitBias)` reaches probability `p`. */
export function cosineForProbability(p: number, cal: LogitCalibration): number {
  return (Math.log(p / (1 - p)) - cal.logitBias) / Math.exp(cal.logitScaleLog);
}

/** The cut-off of a plain single-concept text query on a calibrated model. */
export function probabilityCutoff(cal: LogitCalibration, sensitivity: number): Cutoff {
  const p = probabilityThreshold(sensitivity);
  return { kind: 'probability', value: p, minScore: cosineForProbability(p, cal) };
}

/**
 * [Note: Relative cut-off]
 * For find-similar, combined or negated queries and uncalibrated models, scores have no absolute meaning, so the
 * cut-off comes from the query's own score distribution:
 * - the background (photos that do not match) is estimated from the LOW quantiles of a score sample (Q10, Q30),
 *   so it stays put even when the matches are most of the library: centre = Q30 + 0.524·σ, σ = (Q30 − Q10)/0.757
 *   (the normal distribution's quantile spacing);
 * - a hit is strong when it stands out from that background by z·σ (z = 6 − 4s) AND lies at least part way from
 *   the background to the best hit: score ≥ top − r·(top − centre), r = 0.35 + 0.45s.
 * Pure noise (nothing really matches) leaves only the extreme tail, down to the best hit alone; a clear cluster of
 * matches stays whole. The cut-off never exceeds the best score: the best hit (for find-similar, an identical copy) is
 * always strong.
 */
export function relativeCutoff(topScore: number, sample: ArrayLike<number>, sensitivity: number): Cutoff {
  const s = clampSensitivity(sensitivity);
  const sorted = Array.from(sample).sort((a, b) => a - b);
  if (sorted.length === 0) return { kind: 'relative', value: topScore, minScore: topScore };
  const q10 = quantile(sorted, 0.1);
  const q30 = quantile(sorted, 0.3);
  const sigma = Math.max((q30 - q10) / 0.757, 1e-6);
  const centre = Math.min(q30 + 0.524 * sigma, topScore);
  const stat = centre + (6 - 4 * s) * sigma;
  const rel = topScore - (0.35 + 0.45 * s) * (topScore - centre);
  const value = Math.min(Math.max(stat, rel), topScore);
  return { kind: 'relative', value, minScore: value };
}

/** The q-quantile of an ascending array by linear interpolation. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
