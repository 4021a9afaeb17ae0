/** First run: welcome → choose folder(s) → choose a model → the library fills while indexing runs. */
import { useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/index.js';
import { AddFolderDialog } from '../folders/AddFolderDialog.js';
import { ImportModel } from '../models/ImportModel.js';
import { ModelList } from '../models/ModelsView.js';

const steps = ['welcome', 'folders', 'model'] as const;

/** Full-window steps with a progress indicator; "Skip" is always possible, nothing blocks. */
export function FirstRun(): ReactNode {
  const { step, folders, hasModel } = useStore(
    useShallow((s) => ({
      step: s.onboarding,
      folders: s.folders,
      hasModel: s.status?.model != null || (s.models ?? []).some((m) => m.active),
    })),
  );
  const [browsing, setBrowsing] = useState(false);
  const s = useStore.getState();
  if (!step) return null;
  const index = steps.indexOf(step);
  return (
    <div className="firstrun" data-testid="first-run" data-step={step}>
      <ol className="steps" aria-label="Setup steps">
        {steps.map((name, i) => (
          <li
            key={name}
            className={i === index ? 'is-current' : i < index ? 'is-done' : ''}
            aria-current={i === index ? 'step' : undefined}
          >
            {['Welcome', 'Folders', 'Model'][i]}
          </li>
        ))}
      </ol>
      {step === 'welcome' && (
        <section className="firstrun-card">
          <h1>Welcome to Shoebox</h1>
          <p>
            Find any photo by describing it — “dog in the snow”, “receipts”, “grandma’s birthday cake”. Everything stays on this computer:
            your photos are read where they are, never uploaded, never changed.
          </p>
          <div className="row-end">
            <button type="button" className="btn ghost" onClick={() => s.setOnboarding(null)}>
              Skip setup
            </button>
            <button type="button" className="btn primary" autoFocus onClick={() => s.setOnboarding('folders')} data-testid="welcome-next">
              Get started
            </button>
          </div>
        </section>
      )}
      {step === 'folders' && (
        <section className="firstrun-card">
          <h1>Where are your photos?</h1>
          <p>Choose one or more folders. Sub-folders are included, and new photos are picked up automatically.</p>
          <ul className="folder-list compact" data-testid="firstrun-folders">
            {(folders ?? []).map((f) => (
              <li key={f.id} className="folder">
                <strong className="path">{f.path}</strong>
              </li>
            ))}
          </ul>
          <div className="row-end">
            <button type="button" className="btn" onClick={() => setBrowsing(true)} data-testid="add-folder">
              Add folder…
            </button>
            <button
              type="button"
              className="btn primary"
              disabled={!folders?.length}
              onClick={() => s.setOnboarding('model')}
              data-testid="folders-next"
            >
              Continue
            </button>
          </div>
        </section>
      )}
      {step === 'model' && (
        <section className="firstrun-card wide">
          <h1>Choose how Shoebox understands photos</h1>
          <p>The model runs on this computer. The recommended one is a good balance; you can change it any time in Models.</p>
          <ModelList
            compact
            extra={
              <article className="card" aria-label="Import a model folder" data-testid="import-card">
                <header className="card-head">
                  <h3>Already have a model?</h3>
                </header>
                <p className="muted">Offline, or copied one from another computer? Import its folder: nothing is downloaded.</p>
                <footer className="card-actions">
                  <ImportModel />
                </footer>
              </article>
            }
          />
          <p className="muted">
            Without a model your photos are still shown with their dates and cameras; search by description starts once one is installed.
          </p>
          <div className="row-end">
            <button type="button" className="btn primary" onClick={() => s.setOnboarding(null)} data-testid="model-next">
              {hasModel ? 'Show my photos' : 'Continue without a model'}
            </button>
          </div>
        </section>
      )}
      {browsing && <AddFolderDialog onClose={() => setBrowsing(false)} />}
    </div>
  );
}
