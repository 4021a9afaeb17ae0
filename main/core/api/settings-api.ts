/** The settings part of the API, stored as one JSON value in the catalog's settings table. */
import type { Settings, ShoeboxApi } from '../../../preload/contract.js';
import type { Db } from '../catalog/db.js';
import { getSetting, setSetting } from '../catalog/settings.js';
import { providerOptions } from '../ml/provider-options.js';
import { queueAllTagged } from '../tags/sidecar-outbox.js';
import { sidecarOutbox } from './sidecar-sync.js';
import type { CoreContext } from './context.js';
import { fail, ok } from '../result.js';

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
/** Queues every tagged photo's sidecar and drains the outbox in the background; returns how many were queued. */
function writeAllSidecars(ctx: CoreContext): number {
  const queued = queueAllTagged(ctx.db);
  void sidecarOutbox(ctx).drain();
  return queued;
}

export function settingsApi(ctx: CoreContext): Pick<ShoeboxApi, 'getSettings' | 'updateSettings' | 'listProviders' | 'writeSidecarsNow'> {
  return {
    async listProviders() {
      return ok(providerOptions());
    },
    async getSettings() {
      return ok(readSettings(ctx.db));
    },
    async writeSidecarsNow() {
      if (!readSettings(ctx.db).writeXmp) return fail('conflict', 'Turn on "Write tags to XMP sidecar files" first.');
      return ok({ queued: writeAllSidecars(ctx) });
    },
    async updateSettings(patch) {
      const before = readSettings(ctx.db);
      const next = { ...before, ...patch };
      setSetting(ctx.db, 'settings', next);
      // Turning write-back on writes the sidecars of every photo tagged before, in the background.
      if (next.writeXmp && !before.writeXmp) writeAllSidecars(ctx);
      if (next.provider !== before.provider || next.precision !== before.precision) {
        ctx.models.release();
        await ctx.refreshIndexer({ restart: next.provider !== before.provider });
      }
      ctx.emit('libraryChanged', { kind: 'settings' });
      return ok(next);
    },
  };
}
