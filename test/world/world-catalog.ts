/** A real catalog of held-out world photos, indexed with the trained world SigLIP through the product's decode and towers. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCatalog, type Db } from '../../main/core/catalog/db.js';
import { saveEmbedding } from '../../main/core/catalog/embeddings.js';
import { insertFolder } from '../../main/core/catalog/folders.js';
import { decodePhoto } from '../../main/core/media/decode.js';
import { readModelFolder, type ModelLayout } from '../../main/core/ml/model-folder.js';
import { readSafetensorsScalars } from '../../main/core/ml/safetensors.js';
import type { LogitCalibration } from '../../main/core/ml/scores.js';
import { TextTower } from '../../main/core/ml/text-tower.js';
import { VisionTower } from '../../main/core/ml/vision-tower.js';
import { VectorIndex } from '../../main/core/search/vector-index.js';
import { worldSet, type WorldPhoto } from './world-set.js';

/** test/world/models: the trained world SigLIP (`checkpoint/`, `xenova/`, `immich/`). */
export const WORLD_MODELS = resolve(fileURLToPath(new URL('.', import.meta.url)), 'models');

/** The catalog, its live index and text tower, the calibration from the checkpoint, and each photo's truth by id. */
export interface WorldCatalog {
  db: Db;
  modelId: string;
  index: VectorIndex;
  text: TextTower;
  calibration: LogitCalibration;
  truth: Map<number, WorldPhoto>;
  close(): Promise<void>;
}

/** `logit_scale` (a log) and `logit_bias` from the checkpoint's model.safetensors, read as the product reads Hugging Face files. */
export async function worldCalibration(): Promise<LogitCalibration> {
  const bytes = readFileSync(join(WORLD_MODELS, 'checkpoint', 'model.safetensors'));
  const s = await readSafetensorsScalars(async (from, to) => bytes.subarray(from, to + 1), ['logit_scale', 'logit_bias']);
  return { logitScaleLog: s.logit_scale!, logitBias: s.logit_bias! };
}

/** Indexes the first `count` held-out photos with the `layout` export into a fresh catalog in a temp folder. */
export async function worldCatalog(count: number, layout: ModelLayout = 'xenova'): Promise<WorldCatalog> {
  const set = worldSet(count);
  return indexedCatalog(
    set.photos.map((photo) => ({ path: join(set.dir, photo.file), photo })),
    join(WORLD_MODELS, layout),
    `world-${layout}`,
    await worldCalibration(),
  );
}

/**
 * Indexes `photos` (files with their truth) with the model in `modelDir` through the product's decode and towers into
 * a fresh catalog in a temp folder; `calibration` is what a calibrated search and suggestions use.
 */
export async function indexedCatalog(
  photos: { path: string; photo: WorldPhoto }[],
  modelDir: string,
  modelId: string,
  calibration: LogitCalibration,
): Promise<WorldCatalog> {
  const folder = await readModelFolder(modelDir);
  const tmp = mkdtempSync(join(tmpdir(), 'shoebox-world-'));
  const db = openCatalog(join(tmp, 'catalog.db'));
  const vision = await VisionTower.open(folder, { provider: 'cpu', threads: 1 });
  const text = await TextTower.open(folder, { provider: 'cpu', threads: 1 });
  const truth = new Map<number, WorldPhoto>();
  try {
    const folderId = insertFolder(db, tmp, null);
    const insert = db.prepare(
      `INSERT INTO photos (folder_id, path, size, mtime_ms, format, taken_at, camera_make, camera_model, added_at, updated_at)
       VALUES (?, ?, ?, 0, 'jpeg', ?, ?, ?, 0, 0)`,
    );
    for (const { path, photo } of photos) {
      const decoded = await decodePhoto(path, { tensorSize: folder.imageSize, mean: folder.mean, std: folder.std, thumbPath: null });
      const [vector] = await vision.embed([decoded.tensor]);
      const exif = decoded.exif;
      const id = Number(insert.run(folderId, path, readFileSync(path).length, exif.takenAt ?? null, exif.cameraMake ?? null, exif.cameraModel ?? null).lastInsertRowid);
      saveEmbedding(db, id, modelId, vector!, decoded.contentHash);
      truth.set(id, photo);
    }
  } finally {
    await vision.release();
  }
  const index = VectorIndex.fromCatalog(db, modelId);
  return {
    db,
    modelId,
    index,
    text,
    calibration,
    truth,
    async close() {
      await index.release();
      await text.release();
      db.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
