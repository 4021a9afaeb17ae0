/** Suggestion scores: calibrated probabilities, or scores relative to both the concept's and the photo's background. */
import { matchProbability, type LogitCalibration } from '../ml/scores.js';
import { cosineForProbability, probabilityThreshold, quantile } from '../search/cutoff.js';

/** Calibrated scores below this are not stored at all: the threshold at the most lenient sensitivity. */
export const SCORE_FLOOR = probabilityThreshold(1);

/** How far (in background spreads) a relative score may fall short of its bar and still be stored for review. */
const RELATIVE_SLACK = 1;

/**
 * The default threshold of a model's suggestions at a sensitivity (0 strict … 1 lenient), the same scale for
 * calibrated and uncalibrated models because both scores live in [0, 1]; a tag's own `threshold` overrides it.
 */
export function defaultThreshold(sensitivity: number): number {
  return probabilityThreshold(sensitivity);
}

/** Where a concept's non-matching photos sit (centre) and how widely they spread, per concept. */
export interface ColumnBackground {
  centre: Float32Array;
  spread: Float32Array;
}

/** How one pass turns cosines into stored suggestions. */
export interface ScoringRule {
  calibration: LogitCalibration | null;
  /** Uncalibrated only: each concept's background over (a sample of) the library. */
  background: ColumnBackground | null;
  /** Photos in the library with a vector (the column bar grows with it, see [Note: Relative suggestion scores]). */
  libraryPhotos: number;
  maxPerPhoto: number;
}

/** The background of a sorted sample: centre and spread from its low quantiles, as in [Note: Relative cut-off]. */
export function backgroundOf(sorted: ArrayLike<number> & { length: number }): { centre: number; spread: number } {
  const values = sorted as unknown as number[];
  const q10 = quantile(values, 0.1);
  const q30 = quantile(values, 0.3);
  const spread = Math.max((q30 - q10) / 0.757, 1e-4);
  return { centre: q30 + 0.524 * spread, spread };
}

/** Each column's background over `rows` rows of a row-major [rows × columns] cosine matrix. */
export function columnBackground(cos: Float32Array, rows: number, columns: number): ColumnBackground {
  const centre = new Float32Array(columns);
  const spread = new Float32Array(columns);
  const column = new Float32Array(rows);
  for (let c = 0; c < columns; c++) {
    for (let r = 0; r < rows; r++) column[r] = cos[r * columns + c]!;
    column.sort();
    const b = backgroundOf(column);
    centre[c] = b.centre;
    spread[c] = b.spread;
  }
  return { centre, spread };
}

/**
 * [Note: Relative suggestion scores]
 * Without the model's logit scale and bias a cosine means nothing on its own. A concept is then proposed for a
 * photo only when the cosine stands out BOTH ways:
 * - in the concept's column: z_c = (cos − centre_c) / spread_c against the concept's background over the library,
 *   with a bar of max(3, √(2 ln n)) for n photos: √(2 ln n) is the expected maximum of n background draws, so a
 *   library without dogs does not get "Dog" for its most dog-like photos merely because some photo must be the
 *   most dog-like; 3 because a small library says little about the spread;
 * - in the photo's row: z_r = (cos − mean_r) / sd_r over all concepts, with a bar of √(2 ln C) for C concepts, so
 *   a photo that is close to everything (a blank wall) gets nothing.
 * The stored score is sigmoid(min(z_c − bar_c, z_r − bar_r) + 2): in [0, 1] like a probability, above 0.88 when
 * both clear their bars by 2 (strict sensitivity), and stored when both are within {@link RELATIVE_SLACK} of them.
 */
function relativeBars(rule: ScoringRule, columns: number): { column: number; row: number } {
  return {
    column: Math.max(3, Math.sqrt(2 * Math.log(Math.max(2, rule.libraryPhotos)))),
    row: Math.max(2, Math.sqrt(2 * Math.log(Math.max(2, columns)))),
  };
}

/** One stored proposal: a column (concept) of the pass and its score. */
export interface RowPick {
  column: number;
  score: number;
}

/**
 * The proposals of one photo: its row of cosines (`cos[offset … offset + columns)`) scored by `rule`, without the
 * columns in `skip` (rejected, accepted or already on the photo), best first, at most `rule.maxPerPhoto`.
 */
export function pickRow(
  cos: Float32Array,
  offset: number,
  columns: number,
  rule: ScoringRule,
  skip: ReadonlySet<number> | undefined,
): RowPick[] {
  const picks: RowPick[] = [];
  if (rule.calibration) {
    const minCos = cosineForProbability(SCORE_FLOOR, rule.calibration);
    for (let c = 0; c < columns; c++) {
      const x = cos[offset + c]!;
      if (x >= minCos && !skip?.has(c)) picks.push({ column: c, score: matchProbability(x, rule.calibration) });
    }
  } else if (rule.background) {
    const bars = relativeBars(rule, columns);
    let sum = 0;
    let sq = 0;
    for (let c = 0; c < columns; c++) {
      const x = cos[offset + c]!;
      sum += x;
      sq += x * x;
    }
    const mean = sum / columns;
    const sd = Math.max(Math.sqrt(Math.max(0, sq / columns - mean * mean)), 1e-4);
    const { centre, spread } = rule.background;
    for (let c = 0; c < columns; c++) {
      const x = cos[offset + c]!;
      const excess = Math.min((x - centre[c]!) / spread[c]! - bars.column, (x - mean) / sd - bars.row);
      if (excess >= -RELATIVE_SLACK && !skip?.has(c)) picks.push({ column: c, score: 1 / (1 + Math.exp(-(excess + 2))) });
    }
  }
  picks.sort((a, b) => b.score - a.score || a.column - b.column);
  return picks.length > rule.maxPerPhoto ? picks.slice(0, rule.maxPerPhoto) : picks;
}
