/** Models: the model list as cards plus "Import from a folder" for models copied by hand. */
import { useEffect, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/index.js';
import { ImportModel } from './ImportModel.js';
import { ModelCard } from './ModelCard.js';

/** Also used by the first-run model step (with `compact`, and the import card as `extra`). */
export function ModelList({ compact = false, extra }: { compact?: boolean; extra?: ReactNode }): ReactNode {
  const { models, downloads } = useStore(useShallow((s) => ({ models: s.models, downloads: s.downloads })));
  useEffect(() => {
    void useStore.getState().loadModels();
  }, []);
  if (!models) return <p className="muted">Loading models…</p>;
  const shown = compact ? models.filter((m) => m.recommended || m.installed || m.active) : models;
  return (
    <div className="cards" data-testid="model-list">
      {(shown.length ? shown : models).map((m) => (
        <ModelCard key={m.id} model={m} download={downloads[m.id]} />
      ))}
      {extra}
    </div>
  );
}

/** The full models page. */
export function ModelsView(): ReactNode {
  const status = useStore((s) => s.status);
  return (
    <div className="page" data-testid="models-view">
      <header className="page-head">
        <h1>Models</h1>
        <ImportModel />
      </header>
      <p className="muted">
        A model turns photos into something searchable. Bigger models find better matches but take more disk and time. Everything runs on
        this computer{status?.provider ? ` (${status.provider.toUpperCase()})` : ''}.
      </p>
      <ModelList />
    </div>
  );
}
