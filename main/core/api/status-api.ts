/** The status and indexing-control part of the API. */
import type { ShoeboxApi } from '../../../preload/contract.js';
import { dropJobsForModel } from '../catalog/jobs.js';
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
      const servingKey = ctx.models.servingKey();
      const serving = await ctx.models.serving();
      const precision = modelId ? parseEmbeddingKey(modelId).precision : null;
      const counts = await ctx.statusCounter.count({ active: modelId, serving: servingKey });
      const progress = ctx.indexer.progress();
      return ok({
        libraryDir: ctx.paths.libraryDir,
        model:
          active && precision
            ? { id: active.manifest.id, name: active.manifest.name, precision, precisionReason: ctx.models.precisionReason() }
            : null,
        provider: progress.provider,
        providerNote: ctx.indexer.providerNote(),
        logFile: ctx.logFile,
        counts: {
          photos: counts.photos.present,
          read: counts.read,
          indexed: counts.searchable,
          pending: progress.total - progress.done,
          missing: counts.photos.missing,
          errors: counts.photos.errors,
          skipped: counts.photos.skipped,
        },
        errors: counts.errors,
        unreadable: counts.unreadable,
        servingModelId: servingKey,
        serving:
          serving && servingKey
            ? { id: serving.manifest.id, name: serving.manifest.name, precision: parseEmbeddingKey(servingKey).precision }
            : null,
        switching: counts.switching,
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
