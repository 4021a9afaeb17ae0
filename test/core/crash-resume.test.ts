// kill -9 of the indexing child at several points (embedding, and reading without a model), then a resume: each photo done once.
import { fork } from 'node:child_process';
import { access, copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, type Db } from '../../main/core/catalog/db.js';
import { enqueueIndex } from '../../main/core/catalog/jobs.js';
import { insertFolder } from '../../main/core/catalog/folders.js';
import { insertPhoto } from '../../main/core/catalog/photos.js';
import { MEDIA_KEY, enqueueUnread } from '../../main/core/jobs/media-jobs.js';
import { indexWorkerEntry } from '../../main/core/jobs/worker-entry.js';
import type { FromWorker, IndexWorkerConfig } from '../../main/core/jobs/worker-messages.js';
import { fixtures } from '../helpers/fixtures.js';

const MODEL = 'fixture-immich';

/** Runs the real worker; SIGKILLs it right after the `killAfter`-th photo it reports done (null: let it finish). */
function runWorker(config: IndexWorkerConfig, killAfter: number | null, seen: number[]): Promise<'killed' | 'finished'> {
  const entry = indexWorkerEntry();
  const child = fork(entry.file, [], {
    execArgv: entry.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let done = 0;
  child.on('message', (m: FromWorker) => {
    if (m.type !== 'embedded' && m.type !== 'read') return;
    seen.push(m.photoId);
    if (++done === killAfter) child.kill('SIGKILL');
  });
  child.send({ type: 'start', config });
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? 'killed' : 'finished')));
}

describe('crash safety of indexing', () => {
  let root: string;
  let db: Db;
  let config: IndexWorkerConfig;
  const photoIds: number[] = [];

  beforeAll(async () => {
    const fx = await fixtures();
    root = await mkdtemp(join(tmpdir(), 'shoebox-crash-'));
    const photos = join(root, 'photos');
    await mkdir(photos);
    const sources = (await readdir(fx.photos)).filter((f) => /\.(jpg|png|webp)$/.test(f));
    db = openCatalog(join(root, 'catalog.db'));
    const folderId = insertFolder(db, photos, null);
    // 4 copies of each top-level fixture photo: enough photos to kill the child at several points.
    for (let copy = 0; copy < 4; copy++) {
      for (const f of sources) {
        const path = join(photos, `${copy}-${f}`);
        await copyFile(join(fx.photos, f), path);
        photoIds.push(insertPhoto(db, { folderId, path, size: 1, mtimeMs: 1, format: null }));
      }
    }
    config = {
      catalogFile: join(root, 'catalog.db'),
      modelId: MODEL,
      modelDir: fx.immichModel,
      provider: 'cpu',
      thumbsDir: join(root, 'thumbs'),
      lookahead: 4,
    };
  });
  afterAll(async () => {
    db.close();
    await rm(root, { recursive: true, force: true });
  });

  it('reads every photo once without a model across kills at several points (the model run below embeds the same rows)', async () => {
    expect(enqueueUnread(db)).toBe(photoIds.length);
    const reading = { ...config, modelId: MEDIA_KEY, modelDir: null };
    const seen: number[] = [];
    for (const killAfter of [1, 5, 9]) {
      expect(await runWorker(reading, killAfter, seen)).toBe('killed');
    }
    expect(await runWorker(reading, null, seen)).toBe('finished');

    const rows = db.prepare('SELECT id, read_at, thumb_path, width, error FROM photos ORDER BY id').all() as {
      id: number;
      read_at: number | null;
      thumb_path: string | null;
      width: number | null;
      error: string | null;
    }[];
    expect(rows.map((r) => r.id)).toEqual([...photoIds].sort((a, b) => a - b));
    for (const r of rows) {
      expect(r.error).toBeNull();
      expect(r.read_at).not.toBeNull();
      expect(r.width).toBeGreaterThan(0);
      await access(r.thumb_path!);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(photoIds.length);
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM embeddings').get()).toEqual({ n: 0 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('loses nothing and indexes each photo once across kills at several points', async () => {
    enqueueIndex(db, photoIds, MODEL);
    const seen: number[] = [];
    for (const killAfter of [1, 5, 9]) {
      expect(await runWorker(config, killAfter, seen)).toBe('killed');
    }
    expect(await runWorker(config, null, seen)).toBe('finished');

    const done = db
      .prepare(`SELECT photo_id AS id FROM embeddings WHERE model_id = ? AND status = 'done' ORDER BY photo_id`)
      .all(MODEL) as { id: number }[];
    expect(done.map((r) => r.id)).toEqual([...photoIds].sort((a, b) => a - b));
    // A photo reported embedded was committed first, so no photo is ever embedded (and reported) twice.
    expect(new Set(seen).size).toBe(seen.length);
    expect(db.prepare('SELECT COUNT(*) AS n FROM jobs').get()).toEqual({ n: 0 });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
