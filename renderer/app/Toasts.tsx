/** Toasts in the corner: errors in plain words, info, and bulk tag changes with an Undo button. */
import type { ReactNode } from 'react';
import { useStore } from '../store/index.js';

/** role="status" for info, role="alert" for errors, so screen readers announce them. */
export function Toasts(): ReactNode {
  const toasts = useStore((s) => s.toasts);
  const s = useStore.getState();
  return (
    <div className="toasts" data-testid="toasts">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'} data-testid={`toast-${t.kind}`}>
          <span>{t.message}</span>
          {t.kind === 'undo' && (
            <button
              type="button"
              className="btn small"
              onClick={() => {
                s.dismissToast(t.id);
                if (t.undo) t.undo();
                else void s.undo();
              }}
              data-testid="undo-button"
            >
              Undo
            </button>
          )}
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => s.dismissToast(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
