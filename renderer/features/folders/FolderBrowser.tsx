/** In-app folder browser over `api.browseDirectory` (browser mode has no native dialog; Electron offers one too). */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { DirListing } from '../../../preload/contract.js';
import { Modal } from '../../components/Modal.js';
import { api, nativePickFolder, unwrap } from '../../lib/api.js';
import { useStore } from '../../store/index.js';

/** Props of {@link FolderBrowser}. */
export interface FolderBrowserProps {
  title: string;
  confirmLabel: string;
  onChoose(path: string): void;
  onClose(): void;
}

/** Starts at the home folder (path null); double-click or Enter opens a folder, the button chooses the current one. */
export function FolderBrowser({ title, confirmLabel, onChoose, onClose }: FolderBrowserProps): ReactNode {
  const [listing, setListing] = useState<DirListing | null>(null);
  const [typed, setTyped] = useState('');
  // Only the newest request's answer is shown: a slow first listing must not replace a folder opened after it.
  const latest = useRef(0);
  const open = async (path: string | null): Promise<void> => {
    const request = ++latest.current;
    const next = await useStore.getState().attempt(() => unwrap(api.browseDirectory(path)));
    if (next && request === latest.current) {
      setListing(next);
      // The first listing fills the path box only if the person has not started typing in it.
      setTyped((current) => (path === null && current !== '' ? current : next.path));
    }
  };
  useEffect(() => {
    void open(null);
  }, []);
  const native = async (): Promise<void> => {
    const path = await nativePickFolder?.();
    if (path) onChoose(path);
  };
  return (
    <Modal
      title={title}
      onClose={onClose}
      testId="folder-browser"
      footer={
        <>
          {nativePickFolder && (
            <button type="button" className="btn ghost" onClick={() => void native()}>
              Use the system dialog…
            </button>
          )}
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="btn primary"
            disabled={!listing}
            onClick={() => listing && onChoose(listing.path)}
            data-testid="choose-folder"
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void open(typed);
        }}
      >
        <input
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          aria-label="Folder path"
          data-testid="folder-path"
          spellCheck={false}
        />
        <button type="submit" className="btn">
          Go
        </button>
      </form>
      <ul className="dir-list" aria-label="Folders" data-testid="dir-list">
        {listing?.parent && (
          <li>
            <button type="button" className="dir" onClick={() => void open(listing.parent)} aria-label="Up to the parent folder">
              ↑ ..
            </button>
          </li>
        )}
        {listing?.entries.map((d) => (
          <li key={d.path}>
            <button type="button" className="dir" onClick={() => void open(d.path)} data-testid="dir-entry" data-name={d.name}>
              <span className="dir-icon" aria-hidden="true" />
              {d.name}
            </button>
          </li>
        ))}
        {listing && listing.entries.length === 0 && <li className="muted pad">No sub-folders here.</li>}
      </ul>
    </Modal>
  );
}
