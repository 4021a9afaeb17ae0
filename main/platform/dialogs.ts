/** Native dialogs: the folder picker and the fatal startup error box. */
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
