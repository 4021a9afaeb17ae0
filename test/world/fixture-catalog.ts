/** The tiny colour fixture (hand-built model, 24 photos) as a quality catalog, to set beside the trained world model. */
import { join } from 'node:path';
import { fixtures } from '../helpers/fixtures.js';
import { indexedCatalog, type WorldCatalog } from './world-catalog.js';

/** Indexes every fixture photo with the Immich fixture model; each photo's truth is its colour and its shape. */
export async function fixtureCatalog(): Promise<WorldCatalog> {
  const fx = await fixtures();
  return indexedCatalog(
    fx.photosManifest.photos.map((p) => ({
      path: join(fx.photos, p.file),
      photo: { file: p.file, concepts: [p.colour, p.shape], captions: { en: [], de: [], fr: [] } },
    })),
    fx.immichModel,
    'fixture-immich',
    { logitScaleLog: fx.logits.logitScale, logitBias: fx.logits.logitBias },
  );
}
