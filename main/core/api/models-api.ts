/** The models part of the API: list, download, import, use, remove. */
import { resolve } from 'node:path';
import type { ModelInfo, Result, ShoeboxApi } from '../../../preload/contract.js';
import { deleteEmbeddingsForModel } from '../catalog/embeddings.js';
import { dropJobsForModel } from '../catalog/jobs.js';
import { findListedModel, loadModelList } from '../ml/model-list.js';
import { cancelDownload, downloadModel } from '../ml/download.js';
import { createHttpClient } from '../ml/http.js';
import { huggingFaceFromEnv } from '../ml/hugging-face.js';
import { importModelFolder } from '../ml/import-model.js';
import { getInstalled, listInstalled, listModels, removeInstalled } from '../ml/registry.js';
import { readModelFolder } from '../ml/model-folder.js';
import { recommendModel } from '../ml/recommend.js';
import { probeGpuSpeed, type GpuSpeed } from '../ml/speed-probe.js';
import { parseEmbeddingKey } from '../model-state.js';
import type { CoreContext } from './context.js';
import { fail, ok } from '../result.js';

type ModelsApi = Pick<ShoeboxApi, 'listModels' | 'downloadModel' | 'cancelDownload' | 'importModel' | 'useModel' | 'removeModel'>;

/** Every embedding key (precision) of model `id` that has rows in this library. */
function embeddingKeysOf(ctx: CoreContext, id: string): string[] {
  const rows = ctx.db.prepare('SELECT DISTINCT model_id AS key FROM embeddings UNION SELECT DISTINCT model_id FROM jobs').all() as {
    key: string;
  }[];
  return rows.map((r) => r.key).filter((key) => parseEmbeddingKey(key).id === id);
}

/** Builds the models API over the app-wide models folder and the library's model state. */
export function modelsApi(ctx: CoreContext): ModelsApi {
  const modelList = loadModelList();
  const modelsDir = ctx.paths.modelsDir;
  let gpu: Promise<GpuSpeed | null> | null = null;
  let speed: GpuSpeed | null = null;

  /**
   * Base Multilingual 256, or Large 384 for English when a GPU provider runs and the probe finds it clearly faster.
   * The probe (a few inferences, only where a GPU provider can run) is never awaited: the list answers at once and is
   * announced again when the probe's verdict changes the recommendation.
   */
  const recommended = async (): Promise<string> => {
    const active = await ctx.models.active();
    const provider = ctx.settings().provider;
    if (active && provider !== 'cpu' && gpu === null) {
      gpu = readModelFolder(active.dir)
        .then((f) => probeGpuSpeed(f, provider))
        .catch((err: unknown) => {
          ctx.log.warn('The GPU speed probe failed', { cause: String(err) });
          return null;
        });
      void gpu.then((found) => {
        speed = found;
        if (found) ctx.emit('libraryChanged', { kind: 'models' });
      });
    }
    const language = Intl.DateTimeFormat().resolvedOptions().locale;
    return recommendModel({ gpuProvider: speed?.provider ?? null, gpuSpeedup: speed?.speedup ?? null, language }).id;
  };

  const info = async (id: string): Promise<Result<ModelInfo>> => {
    const all = await listModels({ modelsDir, modelList, active: ctx.models.activeId(), recommended: await recommended() });
    const found = all.find((m) => m.id === id);
    return found ? ok(found) : fail('not_found', `No model "${id}"`);
  };

  return {
    async listModels() {
      return ok(await listModels({ modelsDir, modelList, active: ctx.models.activeId(), recommended: await recommended(), log: ctx.log }));
    },
    async downloadModel({ id, variant }) {
      const model = findListedModel(modelList, id);
      if (!model) return fail('not_found', `"${id}" is not in the model list — see \`shoebox models list\``);
      const hf = huggingFaceFromEnv(createHttpClient());
      const result = await downloadModel({
        modelsDir,
        model,
        variant,
        hf,
        log: ctx.log,
        onProgress: (p) => ctx.emit('downloadProgress', p),
      });
      if (!result.ok) return result;
      ctx.emit('libraryChanged', { kind: 'models' });
      return info(id);
    },
    async cancelDownload(id) {
      return ok({ cancelled: cancelDownload(id) });
    },
    async importModel(dir) {
      const from = resolve(dir);
      const existing = (await listInstalled(modelsDir)).find((m) => m.manifest.importedFrom === from);
      if (existing) return info(existing.manifest.id);
      const result = await importModelFolder(modelsDir, from, { modelList });
      if (!result.ok) return result;
      ctx.emit('libraryChanged', { kind: 'models' });
      return info(result.value.manifest.id);
    },
    async useModel(id) {
      if (!(await getInstalled(modelsDir, id))) {
        return fail('not_found', `Model "${id}" is not installed — download or import it first`);
      }
      ctx.models.use(id);
      const problem = await ctx.refreshIndexer();
      if (problem) return fail('io', `Model "${id}" cannot be used: ${problem}`);
      ctx.emit('libraryChanged', { kind: 'models' });
      return info(id);
    },
    async removeModel(id, opts = {}) {
      if (ctx.models.activeId() === id && !opts.force) {
        return fail(
          'conflict',
          `"${id}" is the model in use: removing it stops search by description until another model indexes the library.`,
        );
      }
      ctx.models.forget(id);
      // The model still serving search (a switch was under way) takes over indexing again.
      const serving = ctx.models.servingId();
      if (!ctx.models.activeId() && serving && serving !== id) ctx.models.use(serving);
      for (const key of embeddingKeysOf(ctx, id)) {
        dropJobsForModel(ctx.db, key);
        deleteEmbeddingsForModel(ctx.db, key);
      }
      const removed = await removeInstalled(modelsDir, id);
      await ctx.refreshIndexer();
      ctx.emit('libraryChanged', { kind: 'models' });
      return ok({ removed, servingAfter: ctx.models.servingId() });
    },
  };
}
