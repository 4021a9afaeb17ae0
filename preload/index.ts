/** The sandboxed preload: exposes `window.shoebox` = one function per contract channel, wrapped events, the folder picker. */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  apiChannels,
  eventChannels,
  eventPrefix,
  type EventChannel,
  type Result,
  type ShoeboxApi,
  type ShoeboxEvents,
} from './contract.js';

/** Channels of the native folder dialog and file manager (main/ipc.ts binds the same names; a sandboxed preload cannot import it). */
const pickFolderChannel = 'pickFolder';
const showInFolderChannel = 'showInFolder';

const api = Object.fromEntries(
  Object.keys(apiChannels).map((channel) => [channel, (...args: unknown[]) => ipcRenderer.invoke(channel, ...args)]),
) as unknown as ShoeboxApi;

/** Subscribes to one core event; the page gets the payload only (never the IpcRendererEvent). Returns the unsubscribe. */
function on<K extends EventChannel>(event: K, listener: ShoeboxEvents[K]): () => void {
  if (typeof event !== 'string' || !Object.hasOwn(eventChannels, event)) {
    throw new Error(`Unknown Shoebox event "${String(event)}"; expected one of ${Object.keys(eventChannels).join(', ')}.`);
  }
  if (typeof listener !== 'function') throw new Error(`The listener for "${event}" must be a function.`);
  const wrapped = (_event: IpcRendererEvent, payload: unknown): void => {
    (listener as (payload: unknown) => void)(payload);
  };
  ipcRenderer.on(eventPrefix + event, wrapped);
  return () => {
    ipcRenderer.removeListener(eventPrefix + event, wrapped);
  };
}

/** Opens the native folder dialog; the chosen path or null when cancelled. */
function pickFolder(): Promise<string | null> {
  return ipcRenderer.invoke(pickFolderChannel) as Promise<string | null>;
}

/** Shows a library photo selected in the system file manager. */
function showInFolder(photoId: number): Promise<Result<null>> {
  return ipcRenderer.invoke(showInFolderChannel, photoId) as Promise<Result<null>>;
}

contextBridge.exposeInMainWorld('shoebox', { api, on, pickFolder, showInFolder });
