/** A tag as a chip: its name, optional score, and remove / accept / reject buttons. */
import type { ReactNode } from 'react';

/** Props of {@link TagChip}; each handler adds its button. */
export interface TagChipProps {
  name: string;
  detail?: string;
  kind?: 'tag' | 'suggestion' | 'filter';
  onRemove?(): void;
  onAccept?(): void;
  onReject?(): void;
}

/** Buttons carry aria-labels naming the tag, so "Remove tag beach" reads well. */
export function TagChip({ name, detail, kind = 'tag', onRemove, onAccept, onReject }: TagChipProps): ReactNode {
  return (
    <span className={`chip chip-${kind}`} data-testid={`${kind}-chip`} data-name={name}>
      <span className="chip-name">{name}</span>
      {detail && <span className="chip-detail">{detail}</span>}
      {onAccept && (
        <button type="button" className="chip-btn" aria-label={`Accept suggestion ${name}`} onClick={onAccept}>
          ✓
        </button>
      )}
      {onReject && (
        <button type="button" className="chip-btn" aria-label={`Reject suggestion ${name}`} onClick={onReject}>
          ✗
        </button>
      )}
      {onRemove && (
        <button type="button" className="chip-btn" aria-label={`Remove ${kind === 'filter' ? 'filter' : 'tag'} ${name}`} onClick={onRemove}>
          ×
        </button>
      )}
    </span>
  );
}
