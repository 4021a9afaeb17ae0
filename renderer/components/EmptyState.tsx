/** A centred empty/problem state: a title, a sentence of what to do, and optional actions. */
import type { ReactNode } from 'react';

/** Props of {@link EmptyState}. */
export interface EmptyStateProps {
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}

/** Used for empty library, no results, model missing, folder offline. */
export function EmptyState({ title, children, actions, testId }: EmptyStateProps): ReactNode {
  return (
    <section className="empty" data-testid={testId} aria-live="polite">
      <h2>{title}</h2>
      {children && <div className="empty-body">{children}</div>}
      {actions && <div className="empty-actions">{actions}</div>}
    </section>
  );
}
