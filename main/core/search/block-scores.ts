/** What a block's full raw scores give besides its top rows: the cut-off's sample and counts above a threshold. */

/** Raw scores of the allowed columns (score above −∞) whose column is a multiple of `stride`. */
export function sampleColumns(scores: Float32Array, stride: number): Float32Array {
  const out: number[] = [];
  for (let c = 0; c < scores.length; c += stride) if (scores[c] !== -Infinity) out.push(scores[c]!);
  return Float32Array.from(out);
}

/** How many columns score at least `threshold` once their raw score is multiplied by `factor`. */
export function countColumns(scores: Float32Array, factor: number, threshold: number): number {
  let n = 0;
  for (let c = 0; c < scores.length; c++) if (scores[c]! * factor >= threshold) n++;
  return n;
}
