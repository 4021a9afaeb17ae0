/** Models and library status: the catalog with install state, download/use/remove/import. */
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
  removeModel(id: string): Promise<void>;
  importModel(dir: string): Promise<boolean>;
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
      const m = await get().attempt(() => unwrap(api.downloadModel({ id })));
      if (m) get().toast('info', `${m.name} is ready.`);
      await reload();
    },
    cancelDownload: async (id) => {
      await get().attempt(() => unwrap(api.cancelDownload(id)));
    },
    useModel: async (id) => {
      const m = await get().attempt(() => unwrap(api.useModel(id)));
      if (m) get().toast('info', `Using ${m.name}. The library is re-indexed in the background; search keeps working.`);
      await reload();
    },
    removeModel: async (id) => {
      await get().attempt(() => unwrap(api.removeModel(id)));
      await reload();
    },
    importModel: async (dir) => {
      const m = await get().attempt(() => unwrap(api.importModel(dir)));
      if (m) get().toast('info', `Imported ${m.name}.`);
      await reload();
      return m !== undefined;
    },
  };
};
