/** Bridges core events into the store and loads the first data; refetches are throttled while indexing streams. */
import { useEffect } from 'react';
import { onEvent } from '../lib/api.js';
import { useStore } from '../store/index.js';
import { searchActive } from '../store/selectors.js';

/** Runs `fn` at most once per `ms`, always including a trailing call. */
function throttle(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending = false;
  return () => {
    if (timer) {
      pending = true;
      return;
    }
    fn();
    timer = setTimeout(function tick() {
      timer = null;
      if (pending) {
        pending = false;
        fn();
        timer = setTimeout(tick, ms);
      }
    }, ms);
  };
}

/** First load of everything the shell shows; opens the welcome when the library has no folders. */
async function initialLoad(): Promise<void> {
  const s = useStore.getState();
  await Promise.all([s.loadFolders(), s.loadStatus(), s.loadSettings(), s.loadJob(), s.loadModels(), s.loadAlbums()]);
  await s.ensurePages(0, 0);
  if (useStore.getState().folders?.length === 0) s.setOnboarding('welcome');
}

/** Subscribes once for the app's lifetime. */
export function useEventBridge(): void {
  useEffect(() => {
    const get = useStore.getState;
    const refreshPhotos = throttle(() => {
      void get().refreshLibrary();
      if (searchActive(get())) void get().runSearch();
    }, 1500);
    // Folder and album counts follow photo changes, at most every 2 s.
    const refreshFolders = throttle(() => void Promise.all([get().loadFolders(), get().loadAlbums()]), 2000);
    const refreshStatus = throttle(() => void get().loadStatus(), 3000);
    const offs = [
      onEvent('jobProgress', (p) => {
        const before = get().job;
        get().setJob(p);
        if (!before || before.done !== p.done || before.state !== p.state) refreshPhotos();
        // A change of state (indexing started, finished, paused) moves the status bar's counts: fetch them at once.
        if (!before || before.state !== p.state) void get().loadStatus();
        else if (before.done !== p.done) refreshStatus();
      }),
      onEvent('sidecarProgress', (p) => get().setSidecars(p)),
      onEvent('exportProgress', (p) => get().setExport(p)),
      onEvent('duplicateProgress', (p) => get().setDuplicateProgress(p)),
      onEvent('downloadProgress', (p) => {
        get().setDownload(p);
        if (p.state === 'done') void get().loadModels();
      }),
      onEvent('libraryChanged', (c) => {
        const s = get();
        if (c.kind === 'photos') {
          refreshPhotos();
          refreshFolders();
          refreshStatus();
        } else if (c.kind === 'folders') refreshFolders();
        else if (c.kind === 'tags') {
          void s.loadGroups();
          refreshPhotos();
        } else if (c.kind === 'models') {
          void s.loadModels();
          // A promotion changes what is searchable: never leave the old count up for the throttle's 3 s.
          void s.loadStatus();
        } else if (c.kind === 'settings') void s.loadSettings();
        else if (c.kind === 'albums') void s.loadAlbums();
      }),
    ];
    void initialLoad();
    return () => offs.forEach((off) => off());
  }, []);
}
