/** A confirmation dialog: says what will happen, one button to do it, one to keep things as they are. */
import type { ReactNode } from 'react';
import { Modal } from './Modal.js';

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
  testId?: string;
}

/** Cancel is focused first, so Enter never confirms a destructive action by accident. */
export function ConfirmDialog({ title, children, confirmLabel, danger, onConfirm, onCancel, testId }: ConfirmDialogProps): ReactNode {
  return (
    <Modal
      title={title}
      onClose={onCancel}
      testId={testId}
      footer={
        <>
          <button type="button" className="btn" autoFocus onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className={danger ? 'btn danger' : 'btn primary'} onClick={onConfirm} data-testid="confirm-button">
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Modal>
  );
}
