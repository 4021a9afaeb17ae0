/** Catches a render bug so one broken view does not blank the whole window; offers to reload. */
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/** React error boundaries must be class components. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Shoebox view crashed', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <section className="empty" role="alert" data-testid="crash">
        <h2>This view stopped working</h2>
        <p className="empty-body">Your photos and tags are safe. Reloading the window usually fixes it. ({this.state.error.message})</p>
        <div className="empty-actions">
          <button type="button" className="btn primary" onClick={() => location.reload()}>
            Reload
          </button>
        </div>
      </section>
    );
  }
}
