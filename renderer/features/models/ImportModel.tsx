/** "Import from folder…": pick a model folder copied by hand, then confirm what was imported and offer to use it. */
import { useState, type ReactNode } from 'react';
import type { ModelInfo } from '../../../preload/contract.js';
import { useStore } from '../../store/index.js';
import { FolderBrowser } from '../folders/FolderBrowser.js';

/** The import button and, once a model is imported, a line confirming it with a "Use it" button. */
export function ImportModel({ primary = false }: { primary?: boolean }): ReactNode {
  const [browsing, setBrowsing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<ModelInfo | null>(null);
  const active = useStore((s) => (imported ? (s.models ?? []).some((m) => m.id === imported.id && m.active) : false));
  const s = useStore.getState();
  return (
    <div className="import-model">
      <button
        type="button"
        className={primary ? 'btn primary' : 'btn'}
        disabled={busy}
        onClick={() => setBrowsing(true)}
        aria-label="Import a model from a folder"
        data-testid="import-model"
      >
        {busy ? 'Importing…' : 'Import from folder…'}
      </button>
      {imported && (
        <p className="notice" role="status" data-testid="imported-model">
          Imported <strong>{imported.name}</strong> ({imported.languages}).{' '}
          {active ? (
            'It is the model in use.'
          ) : (
            <button type="button" className="btn small primary" onClick={() => void s.useModel(imported.id)} data-testid="use-imported">
              Use it
            </button>
          )}
        </p>
      )}
      {browsing && (
        <FolderBrowser
          title="Import a model folder"
          confirmLabel="Import this folder"
          onClose={() => setBrowsing(false)}
          onChoose={(dir) => {
            setBrowsing(false);
            setBusy(true);
            void s.importModel(dir).then((m) => {
              setBusy(false);
              setImported(m);
            });
          }}
        />
      )}
    </div>
  );
}
