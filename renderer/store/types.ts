/** The store's combined type and the slice-creator helper type shared by every slice. */
import type { StateCreator } from 'zustand';
import type { LibrarySlice } from './library.slice.js';
import type { SearchSlice } from './search.slice.js';
import type { SelectionSlice } from './selection.slice.js';
import type { ViewerSlice } from './viewer.slice.js';
import type { JobsSlice } from './jobs.slice.js';
import type { AlbumsSlice } from './albums.slice.js';
import type { DuplicatesSlice } from './duplicates.slice.js';
import type { Effects } from './effects.js';
import type { FoldersSlice } from './folders.slice.js';
import type { ModelsSlice } from './models.slice.js';
import type { PrefsSlice } from './prefs.slice.js';
import type { SettingsSlice } from './settings.slice.js';
import type { TagsSlice } from './tags.slice.js';
import type { UiSlice } from './ui.slice.js';

/** Everything the renderer keeps (small, paged, replaced, never mutated on change), and the cross-slice effects. */
export type Store = LibrarySlice &
  SearchSlice &
  SelectionSlice &
  ViewerSlice &
  JobsSlice &
  FoldersSlice &
  DuplicatesSlice &
  AlbumsSlice &
  ModelsSlice &
  PrefsSlice &
  SettingsSlice &
  TagsSlice &
  UiSlice &
  Effects;

/** A slice creator over the whole store. */
export type Slice<T> = StateCreator<Store, [], [], T>;
