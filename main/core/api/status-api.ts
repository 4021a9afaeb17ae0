/** The status and indexing-control part of the API. */
import type { ShoeboxApi } from '../../../preload/contract.js';
import { countEmbedded } from '../catalog/embeddings.js';
import { countJobs, dropJobsForModel } from '../catalog/jobs.js';
import { listErrors, photoCounts } from '../catalog/photos.js';
import { parseEmbeddingKey } from '../model-state.js';
import type { CoreContext } from './context.js';
import { ok } from '../result.js';

type StatusApi = Pick<ShoeboxApi, 'status' | 'jobProgress' | 'pauseIndexing' | 'resumeIndexing' | 'cancelIndexing'>;

/** Builds the status API: counts per the active model, every error with its reason, indexing progress. */
export function statusApi(ctx: CoreContext): StatusApi {
  return {
    async status() {
      const active = await ctx.models.active();
      const modelId = ctx.models.activeKey() ?? undefined;
      const precision = modelId ? parseEmbeddingKey(modelId).precision : null;
      const counts = photoCounts(ctx.db, modelId);
      const jobs = modelId ? countJobs(ctx.db, modelId) : { queued: 0, running: 0 };
      return ok({
        libraryDir: ctx.paths.libraryDir,
        model: active && precision ? { id: active.manifest.id, name: active.manifest.name, precision, precisionReason: ctx.models.precisionReason() } : null,
        provider: ctx.indexer.progress().provider,
        counts: {
          photos: counts.present,
          indexed: modelId ? countEmbedded(ctx.db, modelId) : 0,
          pending: jobs.queued + jobs.running,
          missing: counts.missing,
          errors: counts.errors,
          skipped: counts.skipped,
        },
        errors: listErrors(ctx.db, modelId),
        servingModelId: ctx.models.servingKey(),
      });
    },
    async jobProgress() {
      return ok({ ...ctx.indexer.progress(), suggesting: ctx.suggestions.job.progress() });
    },
    async pauseIndexing() {
      return ok(ctx.indexer.pause());
    },
    async resumeIndexing() {
      return ok(ctx.indexer.resume());
    },
    async cancelIndexing() {
      const key = ctx.models.activeKey();
      await ctx.indexer.cancel(key ? () => dropJobsForModel(ctx.db, key) : () => 0);
      return ok(ctx.indexer.progress());
    },
  };
}
