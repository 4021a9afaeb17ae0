/** Binds every contract channel to core (the only file importing ipcMain) and forwards core events to windows. */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { apiChannels, eventPrefix, type ApiChannel, type ApiError, type Result } from '../preload/contract.js';
import type { Emit } from './core/ports.js';

/** The channel of the native folder picker; not part of core's api because it is a window thing. */
export const pickFolderChannel = 'pickFolder';
/** The channel that shows a photo in the system file manager (a desktop thing too). */
export const showInFolderChannel = 'showInFolder';

/** What the bindings need: core's door, the sender check and the folder dialog. */
export interface IpcDeps {
  invoke(channel: ApiChannel, args: unknown): Promise<Result<unknown>>;
  isAppUrl(url: string): boolean;
  pickFolder(window: BrowserWindow | null): Promise<string | null>;
  /** Shows the file at `path` selected in the system file manager. */
  showInFolder(path: string): void;
}

/** The refusal for a call from a frame that is not our renderer. */
function forbidden(url: string | undefined): { ok: false; error: ApiError } {
  return {
    ok: false,
    error: {
      code: 'invalid_input',
      message: `Shoebox answers only its own window; this call came from ${url ?? 'a closed frame'} and was refused.`,
    },
  };
}

/** The URL of the frame that sent a call, when the frame still exists. */
function senderUrl(event: IpcMainInvokeEvent): string | undefined {
  return event.senderFrame?.url;
}

/** Registers one handler per channel in `apiChannels` plus `pickFolder` and `showInFolder`; returns a function removing them all. */
export function bindIpc(deps: IpcDeps): () => void {
  const channels = Object.keys(apiChannels) as ApiChannel[];
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const url = senderUrl(event);
    return url !== undefined && deps.isAppUrl(url);
  };
  for (const channel of channels) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => (trusted(event) ? deps.invoke(channel, args) : forbidden(senderUrl(event))));
  }
  ipcMain.handle(pickFolderChannel, (event): Promise<string | null> => {
    if (!trusted(event)) throw new Error(forbidden(senderUrl(event)).error.message);
    return deps.pickFolder(BrowserWindow.fromWebContents(event.sender));
  });
  ipcMain.handle(showInFolderChannel, async (event, id: unknown): Promise<Result<null>> => {
    if (!trusted(event)) return forbidden(senderUrl(event));
    // The path comes from the catalog, never from the page: only a library photo can be shown.
    const photo = (await deps.invoke('getPhoto', [id])) as Result<{ path: string; presence: string }>;
    if (!photo.ok) return photo;
    if (photo.value.presence !== 'present') {
      return { ok: false, error: { code: 'not_found', message: `${photo.value.path} is missing: reconnect its drive first.` } };
    }
    deps.showInFolder(photo.value.path);
    return { ok: true, value: null };
  });
  return () => {
    for (const channel of [...channels, pickFolderChannel, showInFolderChannel]) ipcMain.removeHandler(channel);
  };
}

/** An {@link Emit} that sends each core event to every open window as `event:<name>`. */
export function forwardEvents(): Emit {
  return (event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed() && !win.webContents.isDestroyed()) win.webContents.send(eventPrefix + event, payload);
    }
  };
}
