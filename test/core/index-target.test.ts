/** An index job's target carries the scan's content hash with the size and mtime it was taken at, for decodePhoto. */
import { afterAll, describe, expect, it } from 'vitest';
import { claimJobs, enqueueIndex } from '../../main/core/catalog/jobs.js';
import { insertFolder } from '../../main/core/catalog/folders.js';
import { insertPhoto } from '../../main/core/catalog/photos.js';
import { targetFor } from '../../main/core/jobs/index-results.js';
import { tempCatalog } from '../catalog/temp-catalog.js';

const { db, cleanup } = tempCatalog();
afterAll(cleanup);

describe('targetFor', () => {
  it('passes the recorded hash, size and rounded mtime on, and null for a photo the scan could not hash', () => {
    const folderId = insertFolder(db, '/photos', null);
    const hashed = insertPhoto(db, {
      folderId,
      path: '/photos/a.jpg',
      size: 10,
      mtimeMs: 1234.6,
      format: 'jpeg',
      contentHash: 'ab'.repeat(32),
    });
    const unhashed = insertPhoto(db, { folderId, path: '/photos/b.jpg', size: 20, mtimeMs: 5, format: 'jpeg' });
    enqueueIndex(db, [hashed, unhashed], 'm');
    const [a, b] = claimJobs(db, 2, 'm').map((job) => targetFor(db, job));
    expect(a).toMatchObject({ photoId: hashed, path: '/photos/a.jpg', knownHash: { sha256: 'ab'.repeat(32), size: 10, mtimeMs: 1235 } });
    expect(b).toMatchObject({ photoId: unhashed, knownHash: null });
  });
});
