/** The duplicates thread: reads one model's vectors from the catalog, finds close pairs and groups them, off the API's thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { openCatalog } from '../catalog/db.js';
import { blobToVector } from '../search/vector-index.js';
import { groupDuplicates, type GroupingPhoto, type GroupingThresholds } from './grouping.js';
import { neighbourPairs, type NeighbourPair } from './neighbours.js';
import { hashDistance, pictureHash } from './picture-hash.js';

/** What the thread is asked. */
export interface DuplicateJob {
  catalogFile: string;
  nativeBinding?: string;
  /** The model whose vectors compare photos; null groups exact copies only. */
  modelId: string | null;
  thresholds: GroupingThresholds;
  threads: number;
}

/** Thread → main. */
export type FromDuplicateThread =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; groups: import('./grouping.js').RawGroup[] }
  | { type: 'error'; message: string };

/** Close matches kept per photo: a group bigger than this still forms, around its centre's own matches. */
const NEIGHBOURS = 16;

const port = parentPort!;
const job = workerData as DuplicateJob;

/** Pictures whose hashes differ in more than this share of bits are not the same picture (see the Note). */
const MAX_HASH_DISTANCE = 0.25;

/**
 * Keeps the near-duplicate pairs whose thumbnails agree ([Note: Same picture, not only alike]); pairs below the
 * near threshold (burst candidates: different shots by nature) are kept as they are.
 */
async function samePictures(photos: readonly { thumb: string | null }[], pairs: NeighbourPair[], near: number): Promise<NeighbourPair[]> {
  const involved = [...new Set(pairs.filter((p) => p.score >= near).flatMap((p) => [p.a, p.b]))];
  const hashes = new Map<number, Uint8Array | null>();
  for (let i = 0; i < involved.length; i += 8) {
    const chunk = involved.slice(i, i + 8);
    const found = await Promise.all(chunk.map((k) => (photos[k]!.thumb ? pictureHash(photos[k]!.thumb) : Promise.resolve(null))));
    chunk.forEach((k, j) => hashes.set(k, found[j]!));
  }
  return pairs.filter((p) => {
    if (p.score < near) return true;
    const a = hashes.get(p.a);
    const b = hashes.get(p.b);
    return !a || !b || hashDistance(a, b) <= MAX_HASH_DISTANCE;
  });
}

async function run(): Promise<void> {
  const db = openCatalog(job.catalogFile, { readonly: true, nativeBinding: job.nativeBinding });
  try {
    const photos = db
      .prepare(
        `SELECT id, content_hash AS hash, taken_at AS takenAt, thumb_path AS thumb FROM photos WHERE presence = 'present' ORDER BY id`,
      )
      .all() as (GroupingPhoto & { thumb: string | null })[];
    const vectors: Float32Array[] = [];
    const withVectors: (typeof photos)[number][] = [];
    const withoutVectors: (typeof photos)[number][] = [];
    if (job.modelId !== null) {
      const read = db.prepare(`SELECT vector FROM embeddings WHERE photo_id = ? AND model_id = ? AND status = 'done'`).pluck();
      for (const p of photos) {
        const blob = read.get(p.id, job.modelId) as Buffer | undefined;
        if (blob) {
          vectors.push(blobToVector(blob));
          withVectors.push(p);
        } else withoutVectors.push(p);
      }
    } else withoutVectors.push(...photos);
    const pairs = await neighbourPairs(vectors, {
      k: NEIGHBOURS,
      minScore: Math.min(job.thresholds.near, job.thresholds.burst),
      threads: job.threads,
      onProgress: (done, total) => port.postMessage({ type: 'progress', done, total } satisfies FromDuplicateThread),
    });
    const confirmed = await samePictures(withVectors, pairs, job.thresholds.near);
    // Photos not embedded yet still join exact groups (their pairs are simply unknown).
    const groups = groupDuplicates([...withVectors, ...withoutVectors], confirmed, job.thresholds);
    port.postMessage({ type: 'done', groups } satisfies FromDuplicateThread);
  } finally {
    db.close();
  }
}

run().catch((err: unknown) =>
  port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies FromDuplicateThread),
);
