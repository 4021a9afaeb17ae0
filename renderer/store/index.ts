/** The one zustand store: its slices plus their cross-slice effects. Components select the smallest value (useShallow for objects). */
import { create } from 'zustand';
import { createAlbumsSlice } from './albums.slice.js';
import { createDuplicatesSlice } from './duplicates.slice.js';
import { createEffects } from './effects.js';
import { createFoldersSlice } from './folders.slice.js';
import { createJobsSlice } from './jobs.slice.js';
import { createLibrarySlice } from './library.slice.js';
import { createModelsSlice } from './models.slice.js';
import { createPrefsSlice } from './prefs.slice.js';
import { createSearchSlice } from './search.slice.js';
import { createSelectionSlice } from './selection.slice.js';
import { createSettingsSlice } from './settings.slice.js';
import { createTagsSlice } from './tags.slice.js';
import type { Store } from './types.js';
import { createUiSlice } from './ui.slice.js';
import { createViewerSlice } from './viewer.slice.js';

/** The app store hook. */
export const useStore = create<Store>()((...a) => ({
  ...createUiSlice(...a),
  ...createLibrarySlice(...a),
  ...createSearchSlice(...a),
  ...createSelectionSlice(...a),
  ...createViewerSlice(...a),
  ...createJobsSlice(...a),
  ...createFoldersSlice(...a),
  ...createDuplicatesSlice(...a),
  ...createAlbumsSlice(...a),
  ...createModelsSlice(...a),
  ...createPrefsSlice(...a),
  ...createSettingsSlice(...a),
  ...createTagsSlice(...a),
  ...createEffects(a[1]),
}));

export type { Store } from './types.js';
