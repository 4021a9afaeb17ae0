/** The shell: sidebar, the current view, the bottom progress area, the viewer overlay, toasts and first run. */
import type { ReactNode } from 'react';
import { DuplicatesView } from '../features/duplicates/DuplicatesView.js';
import { FoldersView } from '../features/folders/FoldersView.js';
import { ProgressArea } from '../features/jobs/ProgressArea.js';
import { LibraryView } from '../features/library/LibraryView.js';
import { ModelsView } from '../features/models/ModelsView.js';
import { FirstRun } from '../features/onboarding/FirstRun.js';
import { SettingsView } from '../features/settings/SettingsView.js';
import { ReviewView } from '../features/tags/ReviewView.js';
import { TagsView } from '../features/tags/TagsView.js';
import { Viewer } from '../features/viewer/Viewer.js';
import { useStore } from '../store/index.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { useEventBridge } from './event-bridge.js';
import { Sidebar } from './Sidebar.js';
import { Toasts } from './Toasts.js';
import { useGlobalKeys } from './use-global-keys.js';
import { useTheme } from './use-theme.js';

const views = {
  library: LibraryView,
  review: ReviewView,
  tags: TagsView,
  duplicates: DuplicatesView,
  folders: FoldersView,
  models: ModelsView,
  settings: SettingsView,
};

/** Root component. */
export function App(): ReactNode {
  useEventBridge();
  useGlobalKeys();
  useTheme();
  const view = useStore((s) => s.view);
  const onboarding = useStore((s) => s.onboarding !== null);
  const Current = views[view];
  return (
    <div className="app">
      {onboarding ? (
        <FirstRun />
      ) : (
        <>
          <Sidebar />
          <main className="main" aria-label={view}>
            <ErrorBoundary key={view}>
              <Current />
            </ErrorBoundary>
          </main>
          <ProgressArea />
          <ErrorBoundary>
            <Viewer />
          </ErrorBoundary>
        </>
      )}
      <Toasts />
    </div>
  );
}
