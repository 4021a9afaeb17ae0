/** Catalog jobs queue and embeddings: enqueue/claim/finish/requeue, vectors round-trip, presence filtering. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../main/core/catalog/db.js';
import { insertFolder } from '../../main/core/catalog/folders.js';
import { insertPhoto, markMissing } from '../../main/core/catalog/photos.js';
import { claimJobs, countJobs, dropJobsForModel, enqueueIndex, finishJob, requeueRunning } from '../../main/core/catalog/jobs.js';
import {
  countEmbedded,
  deleteEmbeddingsForModel,
  getEmbedding,
  hasCurrentEmbedding,
  loadEmbeddings,
  saveEmbedding,
  saveEmbeddingError,
} from '../../main/core/catalog/embeddings.js';
import { tempCatalog } from './temp-catalog.js';

let db: Db;
let cleanup: () => void;
let ids: number[];

beforeEach(() => {
  ({ db, cleanup } = tempCatalog());
  const folder = insertFolder(db, '/p', null);
  ids = [1, 2, 3].map((n) => insertPhoto(db, { folderId: folder, path: `/p/${n}.jpg`, size: n, mtimeMs: n, format: 'jpeg' }));
});
afterEach(() => cleanup());

describe('jobs', () => {
  it('enqueues once per photo and model, claims oldest first, finishes and requeues', () => {
    expect(enqueueIndex(db, ids, 'm1')).toBe(3);
    expect(enqueueIndex(db, ids, 'm1')).toBe(0);
    expect(enqueueIndex(db, [ids[0]!, 9999], 'm2')).toBe(1);
    expect(countJobs(db)).toEqual({ queued: 4, running: 0 });
    const first = claimJobs(db, 2);
    expect(first.map((j) => j.photoId)).toEqual([ids[0], ids[1]]);
    expect(first[0]).toMatchObject({ modelId: 'm1' });
    expect(countJobs(db, 'm1')).toEqual({ queued: 1, running: 2 });
    finishJob(db, first[0]!.id);
    expect(requeueRunning(db)).toBe(1);
    const again = claimJobs(db, 10);
    expect(again.map((j) => j.photoId)).toEqual([ids[1], ids[2], ids[0]]);
    const attempts = db.prepare('SELECT attempts FROM jobs WHERE id = ?').get(again[0]!.id) as { attempts: number };
    expect(attempts.attempts).toBe(2);
    expect(dropJobsForModel(db, 'm1')).toBe(2);
    expect(countJobs(db)).toEqual({ queued: 0, running: 1 });
  });
});

describe('embeddings', () => {
  it('stores float32 bytes and loads present photos as one matrix', () => {
    saveEmbedding(db, ids[0]!, 'm', new Float32Array([1, 2, 3]), 'h0');
    saveEmbedding(db, ids[1]!, 'm', new Float32Array([4, 5, 6]), 'h1');
    saveEmbedding(db, ids[2]!, 'm', new Float32Array([7, 8, 9]), 'h2');
    saveEmbedding(db, ids[2]!, 'other', new Float32Array([0, 0]), null);
    markMissing(db, [ids[1]!]);
    const m = loadEmbeddings(db, 'm');
    expect(m.dim).toBe(3);
    expect(Array.from(m.photoIds)).toEqual([ids[0], ids[2]]);
    expect(Array.from(m.vectors)).toEqual([1, 2, 3, 7, 8, 9]);
    expect(countEmbedded(db, 'm')).toBe(2);
    expect(Array.from(getEmbedding(db, ids[1]!, 'm')!)).toEqual([4, 5, 6]);
    expect(loadEmbeddings(db, 'none')).toMatchObject({ dim: 0 });
  });

  it('tracks errors, current hashes and model deletion', () => {
    const view = new Float32Array([9, 1, 2, 3]).subarray(1);
    saveEmbedding(db, ids[0]!, 'm', view, 'abc');
    expect(Array.from(getEmbedding(db, ids[0]!, 'm')!)).toEqual([1, 2, 3]);
    expect(hasCurrentEmbedding(db, ids[0]!, 'm', 'abc')).toBe(true);
    expect(hasCurrentEmbedding(db, ids[0]!, 'm', 'changed')).toBe(false);
    expect(hasCurrentEmbedding(db, ids[0]!, 'm', null)).toBe(false);
    saveEmbeddingError(db, ids[0]!, 'm', 'broken file');
    expect(hasCurrentEmbedding(db, ids[0]!, 'm', 'abc')).toBe(false);
    expect(countEmbedded(db, 'm')).toBe(0);
    saveEmbedding(db, ids[1]!, 'm', new Float32Array([1]), null);
    expect(deleteEmbeddingsForModel(db, 'm')).toBe(2);
  });
});
