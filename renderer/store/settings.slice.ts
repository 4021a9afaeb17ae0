/** User settings, mirrored from core and saved on every change. */
import type { ProviderOption, Settings } from '../../preload/contract.js';
import { api, unwrap } from '../lib/api.js';
import type { Slice } from './types.js';

export interface SettingsSlice {
  settings: Settings | null;
  /** Compute providers of this OS with their availability. */
  providers: ProviderOption[] | null;
  loadSettings(): Promise<void>;
  updateSettings(patch: Partial<Settings>): Promise<void>;
  /** Writes every tagged photo's sidecar in the background and says how many. */
  writeSidecarsNow(): Promise<void>;
}

export const createSettingsSlice: Slice<SettingsSlice> = (set, get) => ({
  settings: null,
  providers: null,
  loadSettings: async () => {
    const [settings, providers] = await Promise.all([
      get().attempt(() => unwrap(api.getSettings())),
      get().attempt(() => unwrap(api.listProviders())),
    ]);
    if (settings) set({ settings });
    if (providers) set({ providers });
  },
  writeSidecarsNow: async () => {
    const r = await get().attempt(() => unwrap(api.writeSidecarsNow()));
    if (r) get().toast('info', `Writing the sidecars of ${r.queued} tagged ${r.queued === 1 ? 'photo' : 'photos'} in the background.`);
  },
  updateSettings: async (patch) => {
    const previous = get().settings;
    if (previous) set({ settings: { ...previous, ...patch } });
    const settings = await get().attempt(() => unwrap(api.updateSettings(patch)));
    set({ settings: settings ?? previous });
    if (patch.provider !== undefined) await get().loadStatus();
  },
});
