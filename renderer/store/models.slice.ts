/** Models and library status: the model list with install state, download/use/remove/import. */
import type { LibraryStatus, ModelInfo } from '../../preload/contract.js';
import { api, unwrap } from '../lib/api.js';
import type { Slice } from './types.js';

export interface ModelsSlice {
  models: ModelInfo[] | null;
  status: LibraryStatus | null;
  loadModels(): Promise<void>;
  loadStatus(): Promise<void>;
  downloadModel(id: string): Promise<void>;
  cancelDownload(id: string): Promise<void>;
  useModel(id: string): Promise<void>;
  /** Removes a model; `force` is needed for the active one (the UI asks first). */
  removeModel(id: string, force?: boolean): Promise<void>;
  /** Imports a model folder; resolves with the imported model (null when it failed). */
  importModel(dir: string): Promise<ModelInfo | null>;
}

export const createModelsSlice: Slice<ModelsSlice> = (set, get) => {
  const reload = async (): Promise<void> => {
    await Promise.all([get().loadModels(), get().loadStatus()]);
  };
  return {
    models: null,
    status: null,
    loadModels: async () => {
      const models = await get().attempt(() => unwrap(api.listModels()));
      if (models) set({ models });
    },
    loadStatus: async () => {
      const status = await get().attempt(() => unwrap(api.status()));
      if (status) set({ status });
    },
    downloadModel: async (id) => {
      // Show the download at once (the first progress event waits for the server); a failure is shown on the card.
      get().setDownload({ modelId: id, state: 'downloading', bytes: 0, totalBytes: 0, rate: 0, etaSeconds: null, message: null });
      const r = await api.downloadModel({ id });
      if (r.ok) get().toast('info', `${r.value.name} is ready.`);
      else
        get().setDownload({
          modelId: id,
          state: r.error.code === 'cancelled' ? 'cancelled' : 'failed',
          bytes: 0,
          totalBytes: 0,
          rate: 0,
          etaSeconds: null,
          message: r.error.message,
        });
      await reload();
    },
    cancelDownload: async (id) => {
      await get().attempt(() => unwrap(api.cancelDownload(id)));
    },
    useModel: async (id) => {
      const m = await get().attempt(() => unwrap(api.useModel(id)));
      await reload();
      const serving = get().status?.serving;
      if (!m) return;
      const pending = get().status?.switching;
      get().toast(
        'info',
        pending && serving
          ? `Using ${m.name}: it indexes the library in the background, and search keeps answering with ${serving.name} until it is done.`
          : `Using ${m.name}.`,
      );
    },
    removeModel: async (id, force = false) => {
      const r = await get().attempt(() => unwrap(api.removeModel(id, { force })));
      await reload();
      if (r?.removed)
        get().toast(
          'info',
          r.servingAfter
            ? `Removed. Search answers with ${get().status?.serving?.name ?? r.servingAfter}.`
            : 'Removed. Search by description waits for a model now.',
        );
    },
    importModel: async (dir) => {
      const m = await get().attempt(() => unwrap(api.importModel(dir)));
      await reload();
      return m ?? null;
    },
  };
};
