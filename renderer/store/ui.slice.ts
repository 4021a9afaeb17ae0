/** Which screen is showing, first-run progress, and toasts (errors in plain words, undo offers). */
import { ApiFailure } from '../lib/api.js';
import type { Slice } from './types.js';

/** The main screens of the window. */
export type View = 'library' | 'review' | 'tags' | 'duplicates' | 'folders' | 'models' | 'settings';

/** A transient message; `undo` toasts carry an Undo button (running `undo`, else the last tag change's undo). */
export interface Toast {
  id: number;
  kind: 'error' | 'info' | 'undo';
  message: string;
  undo?: () => void;
}

export interface UiSlice {
  view: View;
  /** null once the library has folders (or the person skipped the welcome). */
  onboarding: 'welcome' | 'folders' | 'model' | null;
  toasts: Toast[];
  /** The selection bar's tag input, opened by its buttons or the T key. */
  tagPrompt: 'add' | 'remove' | null;
  setTagPrompt(prompt: UiSlice['tagPrompt']): void;
  setView(view: View): void;
  setOnboarding(step: UiSlice['onboarding']): void;
  toast(kind: Toast['kind'], message: string, undo?: () => void): void;
  dismissToast(id: number): void;
  /** Runs an api action; an expected failure becomes an error toast and resolves to undefined. */
  attempt<T>(action: () => Promise<T>): Promise<T | undefined>;
}

let nextToastId = 1;

export const createUiSlice: Slice<UiSlice> = (set, get) => ({
  view: 'library',
  onboarding: null,
  toasts: [],
  tagPrompt: null,
  setTagPrompt: (tagPrompt) => set({ tagPrompt }),
  setView: (view) => set({ view }),
  setOnboarding: (onboarding) => set({ onboarding }),
  toast: (kind, message, undo) => {
    if (get().toasts.some((t) => t.kind === kind && t.message === message)) return;
    const id = nextToastId++;
    set((s) => ({ toasts: [...s.toasts.filter((t) => t.kind !== kind || kind === 'error'), { id, kind, message, undo }].slice(-4) }));
    setTimeout(() => get().dismissToast(id), kind === 'error' ? 8000 : kind === 'undo' ? 12000 : 6000);
  },
  dismissToast: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
  attempt: async (action) => {
    try {
      return await action();
    } catch (err) {
      const message = err instanceof ApiFailure ? err.message : `Something went wrong: ${(err as Error).message}`;
      get().toast('error', message);
      return undefined;
    }
  },
});
