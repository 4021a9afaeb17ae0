/** Turns the embeddings of a parsed query's concepts into the one vector the index is searched with. */
import { dot, meanUnit, normalizeInPlace } from '../ml/scores.js';

/** How hard a negative concept pushes (times its part that differs from what is asked for). */
export const NEGATIVE_WEIGHT = 1;

/**
 * [Note: Combining query concepts]
 * q = normalize(p − α·Σ n_i⊥) where p = normalize(mean of positive embeddings) and n_i⊥ is negative i with its
 * component along p removed (α = {@link NEGATIVE_WEIGHT}).
 * - Vector arithmetic keeps search to ONE scan of the index (a score formula over several concepts would need a
 *   scan per concept, or scoring every candidate several times).
 * - SigLIP text embeddings share a large common direction (any two captions have a cosine of ~0.5+). Subtracting a
 *   raw negative would also subtract part of what is asked for ("beach -people" shares "a photo of"); removing the
 *   projection onto p first subtracts only what is specific to the negative, so photos of the positive concept
 *   keep their score and photos that also show the negative concept drop.
 * - The mean of positives favours photos matching all of them rather than one strongly.
 * Scores of combined or negated queries are not probabilities any more: the relative cut-off applies to them.
 */
export function combineConcepts(positives: Float32Array[], negatives: Float32Array[]): Float32Array {
  if (positives.length === 0) throw new Error('combineConcepts needs at least one positive concept');
  const p = meanUnit(positives);
  const q = Float32Array.from(p);
  for (const n of negatives) {
    const along = dot(n, p);
    for (let i = 0; i < q.length; i++) q[i]! -= NEGATIVE_WEIGHT * (n[i]! - along * p[i]!);
  }
  return normalizeInPlace(q);
}
