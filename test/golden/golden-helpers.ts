/** The committed world SigLIP exports and the reference outputs computed for them (test/world/py/golden.py). */
import { readFileSync } from 'node:fs';
export { CORPUS } from '../media/media-helpers.js';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/** test/world/models: `checkpoint/`, `xenova/` and `immich/` folders of the trained world SigLIP. */
export const WORLD_MODELS = resolve(HERE, '../world/models');

/** Which reference implementation computed a golden output. */
export type ReferenceName = 'transformers' | 'open_clip';

interface GoldenQuery {
  text: string;
  ids: number[];
  embedding: number[];
}

interface GoldenImage {
  file: string;
  embedding: number[];
  note?: string;
}

interface Golden {
  transformers: { queries: GoldenQuery[]; images: GoldenImage[] };
  open_clip: { queries: GoldenQuery[]; images: GoldenImage[] };
  unreadable: { file: string; reason: string }[];
}

/** The reference outputs (test/golden/world-golden.json). */
export const GOLDEN = JSON.parse(readFileSync(join(HERE, 'world-golden.json'), 'utf8')) as Golden;

/** Cosine of two vectors (neither needs to be normalised). */
export function cosineOf(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  return dot / Math.sqrt(na * nb);
}
