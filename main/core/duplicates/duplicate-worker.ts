/** The duplicates thread: reads one model's vectors from the catalog, finds close pairs and groups them, off the API's thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { openCatalog } from '../catalog/db.js';
import { blobToVector } from '../search/vector-index.js';
import { groupDuplicates, type GroupingPhoto, type GroupingThresholds, type RawGroup } from './grouping.js';
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
  { type: 'progress'; done: number; total: number } | { type: 'done'; groups: RawGroup[] } | { type: 'error'; message: string };

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
    // One pass: each present photo with its vector of the model, if it has one (an absent model matches no row).
    const rows = db
      .prepare(
        `SELECT p.id, p.content_hash AS hash, p.taken_at AS takenAt, p.thumb_path AS thumb, e.vector
         FROM photos p LEFT JOIN embeddings e ON e.photo_id = p.id AND e.model_id = ? AND e.status = 'done'
         WHERE p.presence = 'present' ORDER BY p.id`,
      )
      .all(job.modelId) as (GroupingPhoto & { thumb: string | null; vector: Buffer | null })[];
    const withVectors = rows.filter((r) => r.vector !== null);
    const withoutVectors = rows.filter((r) => r.vector === null);
    const vectors = withVectors.map((r) => blobToVector(r.vector!));
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
