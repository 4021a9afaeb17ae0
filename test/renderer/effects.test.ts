/** The store's cross-slice effects: each one calls the owning slices' own actions, in order, and only when it should. */
import { describe, expect, it } from 'vitest';
import { createEffects, type EffectSteps } from '../../renderer/store/effects.js';

/** Steps that record every call; `opens`, `applies` and `trashes` decide what the viewer, the search and the trash answer. */
function recorder(opts: { opens?: boolean; applies?: boolean; trashes?: boolean } = {}) {
  const calls: string[] = [];
  const steps: EffectSteps = {
    setView: (view) => void calls.push(`setView ${view}`),
    scopeToMissing: (folderId) => void calls.push(`scopeToMissing ${folderId}`),
    scopeToDir: (browsing) => void calls.push(`scopeToDir ${browsing ? `${browsing.dir} ${browsing.recursive}` : null}`),
    setSimilarTo: (id, name) => void calls.push(`setSimilarTo ${id} ${name}`),
    loadFirstHits: () => {
      calls.push('loadFirstHits');
      return Promise.resolve(opts.applies ?? true);
    },
    showInViewer: (index, quick) => {
      calls.push(`showInViewer ${index} ${quick}`);
      return opts.opens ?? true;
    },
    closeViewer: () => void calls.push('closeViewer'),
    moveFocus: (index, extend) => void calls.push(`moveFocus ${index} ${extend}`),
    resetFocusAndSelection: () => void calls.push('resetFocusAndSelection'),
    sendToTrash: (ids) => {
      calls.push(`sendToTrash ${ids.join(',')}`);
      return Promise.resolve(opts.trashes ?? true);
    },
    deselect: (ids) => void calls.push(`deselect ${ids.join(',')}`),
  };
  return { calls, effects: createEffects(() => steps) };
}

describe('store effects', () => {
  it('opens the viewer and focuses that photo in the grid, but focuses nothing when the photo is not loaded', () => {
    const open = recorder();
    open.effects.openViewer(7);
    open.effects.openViewer(8, true);
    expect(open.calls).toEqual(['showInViewer 7 false', 'moveFocus 7 false', 'showInViewer 8 true', 'moveFocus 8 false']);
    const notLoaded = recorder({ opens: false });
    notLoaded.effects.openViewer(9);
    expect(notLoaded.calls).toEqual(['showInViewer 9 false']);
  });

  it('starts focus and selection over when a search answer becomes the results, and not when it was overtaken', async () => {
    const applied = recorder();
    await applied.effects.runSearch();
    expect(applied.calls).toEqual(['loadFirstHits', 'resetFocusAndSelection']);
    const overtaken = recorder({ applies: false });
    await overtaken.effects.runSearch();
    expect(overtaken.calls).toEqual(['loadFirstHits']);
  });

  it('finds similar photos in the library view with the viewer closed', async () => {
    const r = recorder();
    r.effects.findSimilar(42, 'IMG_1.jpg');
    await new Promise((done) => setImmediate(done));
    expect(r.calls).toEqual(['setSimilarTo 42 IMG_1.jpg', 'setView library', 'closeViewer', 'loadFirstHits', 'resetFocusAndSelection']);
  });

  it('shows missing photos and directories in the library view', () => {
    const r = recorder();
    r.effects.showMissing(3);
    r.effects.browseDir({ dir: '/photos/2019', recursive: true });
    r.effects.browseDir(null);
    expect(r.calls).toEqual([
      'setView library',
      'scopeToMissing 3',
      'setView library',
      'scopeToDir /photos/2019 true',
      'setView library',
      'scopeToDir null',
    ]);
  });

  it('takes photos moved to the trash out of the selection, and keeps the selection when nothing moved', async () => {
    const moved = recorder();
    await moved.effects.trashPhotos([4, 5]);
    expect(moved.calls).toEqual(['sendToTrash 4,5', 'deselect 4,5']);
    const refused = recorder({ trashes: false });
    await refused.effects.trashPhotos([4]);
    expect(refused.calls).toEqual(['sendToTrash 4']);
  });
});
