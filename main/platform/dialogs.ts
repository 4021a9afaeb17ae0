/** Native dialogs: the folder picker, the damaged-catalog restore offer and the fatal startup error box. */
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';

const folderDialog: OpenDialogOptions = {
  title: 'Add a photo folder',
  buttonLabel: 'Add folder',
  properties: ['openDirectory', 'dontAddToRecent'],
};

/** Asks for one folder; the chosen path, or null when the person cancels. */
export async function pickFolder(window: BrowserWindow | null): Promise<string | null> {
  const result = window === null ? await dialog.showOpenDialog(folderDialog) : await dialog.showOpenDialog(window, folderDialog);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** Tells the person why Shoebox cannot start (works before any window exists). */
export function showStartupError(message: string): void {
  dialog.showErrorBox('Shoebox could not start', message);
}

/**
 * Tells the person their catalog is missing or damaged (`message` says why and names the newest good snapshot) and
 * offers to restore that snapshot; true when they choose to. Without a snapshot there is only Quit.
 */
export async function offerCatalogRestore(message: string, canRestore: boolean): Promise<boolean> {
  const buttons = canRestore ? ['Restore the snapshot', 'Quit'] : ['Quit'];
  const result = await dialog.showMessageBox({
    type: 'warning',
    title: 'Shoebox',
    message: 'Shoebox cannot open your catalog',
    detail: message,
    buttons,
    defaultId: 0,
    cancelId: buttons.length - 1,
    noLink: true,
  });
  return canRestore && result.response === 0;
}
