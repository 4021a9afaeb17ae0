/** Folders: add (through the folder browser), remove, rescan, state; offline ones greyed with "reconnect the drive". */
import { useEffect, useState, type ReactNode } from 'react';
import type { Folder } from '../../../preload/contract.js';
import { EmptyState } from '../../components/EmptyState.js';
import { formatCount, formatDate } from '../../lib/format.js';
import { useStore } from '../../store/index.js';
import { AddFolderDialog } from './AddFolderDialog.js';

const watchLabel: Record<Folder['watchMode'], string> = {
  events: 'watching for changes',
  polling: 'checking for changes every few seconds',
  rescan: 'rescanned periodically',
};

function FolderRow({ folder }: { folder: Folder }): ReactNode {
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
        {offline && <span className="warn">{folder.statusReason ?? 'Not reachable.'} Reconnect the drive; the photos stay in the library meanwhile.</span>}
        {folder.watchReason && !offline && <span className="muted">{folder.watchReason}</span>}
        {folder.missingCount > 0 && <span className="warn">{formatCount(folder.missingCount)} {folder.missingCount === 1 ? 'photo' : 'photos'} missing from disk</span>}
      </div>
      <div className="folder-actions">
        <button type="button" className="btn" onClick={() => void s.rescanFolder(folder.id)} aria-label={`Rescan ${folder.path}`}>
          Rescan
        </button>
        {folder.missingCount > 0 && (
          <button type="button" className="btn" onClick={() => void s.purgeMissing(folder.id)} aria-label={`Forget missing photos of ${folder.path}`}>
            Purge missing
          </button>
        )}
        <button type="button" className="btn danger" onClick={() => void s.removeFolder(folder.id)} aria-label={`Remove ${folder.path} from the library`}>
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
  useEffect(() => {
    void useStore.getState().loadFolders();
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
        <ul className="folder-list">{folders?.map((f) => <FolderRow key={f.id} folder={f} />)}</ul>
      )}
      {browsing && <AddFolderDialog onClose={() => setBrowsing(false)} />}
    </div>
  );
}
