/** The folder browser set up for adding a library folder: the one way to add a folder, from Folders and first run. */
import type { ReactNode } from 'react';
import { useStore } from '../../store/index.js';
import { FolderBrowser } from './FolderBrowser.js';

/** Lets the person pick a folder, adds it to the library and closes. */
export function AddFolderDialog({ onClose }: { onClose: () => void }): ReactNode {
  return (
    <FolderBrowser
      title="Add a photo folder"
      confirmLabel="Add this folder"
      onClose={onClose}
      onChoose={(path) => {
        onClose();
        void useStore.getState().addFolder(path);
      }}
    />
  );
}
