/** Vector maths for SigLIP embeddings (dot, norm, normalisation, cosine, mean direction) and the sigmoid match probability. */

/** The two scalars of a SigLIP checkpoint that turn a cosine into a probability. */
export interface LogitCalibration {
  /** `logit_scale` exactly as the checkpoint stores it: the natural log of the multiplier. */
  logitScaleLog: number;
  /** `logit_bias`, added after scaling. */
  logitBias: number;
}

/**
 * Probability that one text matches one image: `sigmoid(exp(logitScaleLog) * cos + logitBias)`.
 * Meaningful for a single text against a single image only.
 */
export function matchProbability(cos: number, cal: LogitCalibration): number {
  const logit = Math.exp(cal.logitScaleLog) * cos + cal.logitBias;
  return 1 / (1 + Math.exp(-logit));
}

/** Cosine similarity of two vectors of equal length (0 when either is all zeros). */
export function cosine(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`cosine of vectors with different lengths (${a.length} and ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  const denom = Math.sqrt(na) * Math.sqrt(nb);
  return denom === 0 ? 0 : dot / denom;
}

/** A new vector with the direction of `v` and unit length (all zeros stays all zeros). */
export function l2normalize(v: Float32Array): Float32Array {
  return normalizeInPlace(Float32Array.from(v));
}

/** Dot product of two vectors of equal length. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Euclidean length. */
export function norm(v: Float32Array): number {
  return Math.sqrt(dot(v, v));
}

/** Scales `v` to unit length in place (all zeros stays all zeros) and returns it. */
export function normalizeInPlace(v: Float32Array): Float32Array {
  const n = norm(v);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

/** The unit vector along the sum (the mean direction) of `vectors`; empty input gives an empty vector. */
export function meanUnit(vectors: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(vectors[0]?.length ?? 0);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i]! += v[i]!;
  return normalizeInPlace(out);
}
