/** Worker thread of the library bench: plays the index child's reading stage against the catalog (claim, record, finish). */
import { parentPort, workerData } from 'node:worker_threads';
import { openCatalog } from '../../main/core/catalog/db.js';
import { claimJobs } from '../../main/core/catalog/jobs.js';
import { recordRead, targetFor } from '../../main/core/jobs/index-results.js';
import { MEDIA_KEY } from '../../main/core/jobs/media-jobs.js';

const { file } = workerData as { file: string };
const db = openCatalog(file);
const BATCH = 8;
const exif = { takenAt: null, cameraMake: 'Canon', cameraModel: 'EOS R6', gpsLat: 48.85, gpsLon: 2.35, keywords: [] };
let read = 0;
for (;;) {
  const jobs = claimJobs(db, BATCH, MEDIA_KEY);
  if (jobs.length === 0) break;
  for (const job of jobs) {
    const target = targetFor(db, job);
    if (!target) continue;
    const facts = {
      width: 4000,
      height: 3000,
      format: 'jpeg' as const,
      exif: { ...exif, takenAt: 1_500_000_000_000 + job.photoId * 60_000 },
      contentHash: job.photoId.toString(16).padStart(64, '0'),
    };
    recordRead(db, target, facts, `/cache/thumbs/${job.photoId}.webp`, []);
    read++;
  }
}
db.close();
parentPort?.postMessage(read);
