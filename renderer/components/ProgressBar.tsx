/** A labelled determinate progress bar (indeterminate when max is 0). */
import type { ReactNode } from 'react';

/** Props of {@link ProgressBar}. */
export interface ProgressBarProps {
  value: number;
  max: number;
  label: string;
  testId?: string;
}

/** A thin bar with role="progressbar" and its numbers for screen readers. */
export function ProgressBar({ value, max, label, testId }: ProgressBarProps): ReactNode {
  const pct = max > 0 ? Math.min(100, (value / max) * 100) : 0;
  return (
    <div
      className={max > 0 ? 'progress' : 'progress is-indeterminate'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max || undefined}
      aria-valuenow={max > 0 ? value : undefined}
      data-testid={testId}
    >
      <div className="progress-fill" style={{ width: `${pct}%` }} />
    </div>
  );
}
