/** The settings part of the API, stored as one JSON value in the catalog's settings table. */
import type { Settings, ShoeboxApi } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import { getSetting, setSetting } from '../catalog/settings.js';
import { providerOptions } from '../ml/provider-options.js';
import type { CoreContext } from './context.js';
import { ok } from '../result.js';

/** Settings a new library starts with: XMP write-back is off until the person turns it on. */
export const defaultSettings: Settings = {
  provider: 'auto',
  precision: 'auto',
  tagSensitivity: 0.5,
  writeXmp: false,
  maxSuggestionsPerPhoto: 15,
  theme: 'system',
};

/** The library's settings, defaults filled in. */
export function readSettings(db: Db): Settings {
  return { ...defaultSettings, ...getSetting<Partial<Settings>>(db, 'settings', {}) };
}

/** Builds the settings API. A provider or precision change restarts indexing with it. */
export function settingsApi(ctx: CoreContext): Pick<ShoeboxApi, 'getSettings' | 'updateSettings' | 'listProviders'> {
  return {
    async listProviders() {
      return ok(providerOptions());
    },
    async getSettings() {
      return ok(readSettings(ctx.db));
    },
    async updateSettings(patch) {
      const before = readSettings(ctx.db);
      const next = { ...before, ...patch };
      setSetting(ctx.db, 'settings', next);
      if (next.provider !== before.provider || next.precision !== before.precision) {
        ctx.models.release();
        await ctx.refreshIndexer({ restart: next.provider !== before.provider });
      }
      ctx.emit('libraryChanged', { kind: 'settings' });
      return ok(next);
    },
  };
}
