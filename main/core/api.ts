/** The one front door: implements the contract by composing the API's parts over one shared context. */
import type { ShoeboxApi } from '../../preload/contract.js';
import type { CoreContext } from './api/context.js';
import { albumsApi } from './api/albums-api.js';
import { duplicatesApi } from './api/duplicates-api.js';
import { exportApi } from './api/export-api.js';
import { libraryApi } from './api/library-api.js';
import { modelsApi } from './api/models-api.js';
import { searchApi } from './api/search-api.js';
import { settingsApi } from './api/settings-api.js';
import { sidecarSync } from './api/sidecar-sync.js';
import { statusApi } from './api/status-api.js';
import { tagsApi } from './api/tags-api.js';

/** Builds the API object every entry point (IPC, browser mode, CLI) calls. */
export function createApi(ctx: CoreContext): ShoeboxApi {
  return {
    ...statusApi(ctx),
    ...libraryApi(ctx),
    ...searchApi(ctx),
    ...tagsApi(ctx, sidecarSync(ctx)),
    ...modelsApi(ctx),
    ...settingsApi(ctx),
    ...exportApi(ctx),
    ...duplicatesApi(ctx),
    ...albumsApi(ctx),
  };
}
