/** Folders: add (through the folder browser), remove, rescan, state; offline ones greyed with "reconnect the drive". */
import { useEffect, useState, type ReactNode } from 'react';
import type { Folder } from '../../../preload/contract.js';
import { useShallow } from 'zustand/react/shallow';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { EmptyState } from '../../components/EmptyState.js';
import { formatCount, formatDate } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { AddFolderDialog } from './AddFolderDialog.js';
import { MissingGroups } from './MissingGroups.js';

const watchLabel: Record<Folder['watchMode'], string> = {
  events: 'watching for changes',
  polling: 'checking for changes every few seconds',
  rescan: 'rescanned periodically',
};

/** The failed photos of one folder with their reasons, and a retry. */
function FolderFailures({ folderId }: { folderId: number }): ReactNode {
  const errors = useStore(useShallow((s) => (s.status?.errors ?? []).filter((e) => e.folderId === folderId)));
  if (errors.length === 0) return null;
  return (
    <details className="failures" data-testid="folder-failures">
      <summary className="warn">
        {formatCount(errors.length)} {errors.length === 1 ? 'photo' : 'photos'} could not be read
      </summary>
      <ul>
        {errors.map((e) => (
          <li key={e.path}>
            <span className="path">{e.path}</span>: {e.reason}
          </li>
        ))}
      </ul>
      <button type="button" className="btn small" onClick={() => void useStore.getState().retryFailed(folderId)}>
        Try again
      </button>
    </details>
  );
}

function FolderRow({ folder, onRemove }: { folder: Folder; onRemove(): void }): ReactNode {
  const s = useStore.getState();
  const offline = folder.status === 'offline';
  return (
    <li className={offline ? 'folder is-offline' : 'folder'} data-testid="folder-row" data-path={folder.path}>
      <div className="folder-main">
        <strong className="path">{folder.path}</strong>
        <span className="muted">
          {formatCount(folder.photoCount)} photos · {offline ? 'offline' : watchLabel[folder.watchMode]}
          {folder.lastScanAt ? ` · scanned ${formatDate(folder.lastScanAt)}` : ''}
        </span>
        {offline && (
          <span className="warn">
            {folder.statusReason ?? 'Not reachable.'} Reconnect the drive; the photos stay in the library meanwhile.
          </span>
        )}
        {folder.watchReason && !offline && <span className="muted">{folder.watchReason}</span>}
        {folder.missingCount > 0 && (
          <span className="warn">
            {formatCount(folder.missingCount)} {folder.missingCount === 1 ? 'photo' : 'photos'} missing from disk
          </span>
        )}
        <FolderFailures folderId={folder.id} />
      </div>
      <div className="folder-actions">
        <button type="button" className="btn" onClick={() => void s.rescanFolder(folder.id)} aria-label={`Rescan ${folder.path}`}>
          Rescan
        </button>
        {folder.missingCount > 0 && (
          <button
            type="button"
            className="btn"
            onClick={() => void s.purgeMissing(folder.id)}
            aria-label={`Forget missing photos of ${folder.path}`}
          >
            Purge missing
          </button>
        )}
        <button type="button" className="btn danger" onClick={onRemove} aria-label={`Remove ${folder.path} from the library`}>
          Remove
        </button>
      </div>
    </li>
  );
}

/** The folder list with an "Add folder" button. */
export function FoldersView(): ReactNode {
  const folders = useStore((s) => s.folders);
  const [browsing, setBrowsing] = useState(false);
  const [removing, setRemoving] = useState<Folder | null>(null);
  useEffect(() => {
    void useStore.getState().loadFolders();
    void useStore.getState().loadStatus();
  }, []);
  const add = (
    <button type="button" className="btn primary" onClick={() => setBrowsing(true)} data-testid="add-folder">
      Add folder…
    </button>
  );
  return (
    <div className="page" data-testid="folders-view">
      <header className="page-head">
        <h1>Folders</h1>
        {add}
      </header>
      {folders && folders.length === 0 ? (
        <EmptyState title="No folders yet">Add the folders where your photos live. Nothing is copied or moved.</EmptyState>
      ) : (
        <ul className="folder-list">
          {folders?.map((f) => (
            <FolderRow key={f.id} folder={f} onRemove={() => setRemoving(f)} />
          ))}
        </ul>
      )}
      <MissingGroups />
      {browsing && <AddFolderDialog onClose={() => setBrowsing(false)} />}
      {removing && (
        <ConfirmDialog
          title="Remove this folder from the library?"
          confirmLabel={`Remove ${formatCount(removing.photoCount)} photos`}
          danger
          testId="confirm-remove-folder"
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            setRemoving(null);
            void useStore.getState().removeFolder(removing.id);
          }}
        >
          <p>
            <strong className="path">{removing.path}</strong> and its {formatCount(removing.photoCount)} photos leave the library. The files
            on disk are not touched. Their tags are kept: add the folder again (or press Undo) and the photos come back with them.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
