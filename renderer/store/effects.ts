/**
 * The store's cross-slice actions, the one place where an action changes more than one slice: opening the viewer
 * also focuses that photo in the grid (viewer + selection); a search whose first page arrives starts the grid's focus
 * and selection over (search + selection); find-similar shows the library view with the viewer closed (search + ui +
 * viewer); showing a folder's missing photos or a directory shows the library view (library + ui); photos moved to
 * the trash leave the selection (duplicates + selection). Each step is the
 * owning slice's own action, so every slice writes only its own state.
 * Slices and components call these like any other action of the store.
 */

/** The slices' own actions these effects call (the store has them all; declared here so this file stands alone). */
export interface EffectSteps {
  setView(view: 'library'): void;
  scopeToMissing(folderId: number | null): void;
  scopeToDir(browsing: { dir: string; recursive: boolean } | null): void;
  setSimilarTo(id: number, name: string): void;
  loadFirstHits(): Promise<boolean>;
  showInViewer(index: number, quick: boolean): boolean;
  closeViewer(): void;
  moveFocus(index: number, extend: boolean): void;
  resetFocusAndSelection(): void;
  sendToTrash(photoIds: number[]): Promise<boolean>;
  deselect(photoIds: readonly number[]): void;
}

export interface Effects {
  /** Runs the search for the current query/filters from the first page; its answer resets focus and selection. */
  runSearch(): Promise<void>;
  /** Opens the grid's photo at `index` in the viewer (quick look with `quick`) and focuses it in the grid. */
  openViewer(index: number, quick?: boolean): void;
  /** Searches for photos like this one, in the library view with the viewer closed. */
  findSimilar(id: number, name: string): void;
  /** Shows a library folder's missing photos in the library view (null: the whole library again). */
  showMissing(folderId: number | null): void;
  /** Shows a directory (from the folder tree) in the library view (null: the whole library again). */
  browseDir(browsing: { dir: string; recursive: boolean } | null): void;
  /** Moves photos to the trash; those that went leave the selection too. */
  trashPhotos(photoIds: number[]): Promise<void>;
}

/** Builds the cross-slice actions over the store's `get`. */
export function createEffects(get: () => EffectSteps): Effects {
  const runSearch = async (): Promise<void> => {
    if (await get().loadFirstHits()) get().resetFocusAndSelection();
  };
  return {
    runSearch,
    openViewer: (index, quick = false) => {
      if (get().showInViewer(index, quick)) get().moveFocus(index, false);
    },
    findSimilar: (id, name) => {
      const s = get();
      s.setSimilarTo(id, name);
      s.setView('library');
      s.closeViewer();
      void runSearch();
    },
    showMissing: (folderId) => {
      get().setView('library');
      get().scopeToMissing(folderId);
    },
    browseDir: (browsing) => {
      get().setView('library');
      get().scopeToDir(browsing);
    },
    trashPhotos: async (photoIds) => {
      if (await get().sendToTrash(photoIds)) get().deselect(photoIds);
    },
  };
}
