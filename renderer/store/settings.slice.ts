/** User settings, mirrored from core and saved on every change. */
import type { Settings } from '../../preload/contract.js';
import { api, unwrap } from '../lib/api.js';
import type { Slice } from './types.js';

export interface SettingsSlice {
  settings: Settings | null;
  loadSettings(): Promise<void>;
  updateSettings(patch: Partial<Settings>): Promise<void>;
}

export const createSettingsSlice: Slice<SettingsSlice> = (set, get) => ({
  settings: null,
  loadSettings: async () => {
    const settings = await get().attempt(() => unwrap(api.getSettings()));
    if (settings) set({ settings });
  },
  updateSettings: async (patch) => {
    const previous = get().settings;
    if (previous) set({ settings: { ...previous, ...patch } });
    const settings = await get().attempt(() => unwrap(api.updateSettings(patch)));
    set({ settings: settings ?? previous });
  },
});
