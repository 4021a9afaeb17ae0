/** The preload bridge: one function per channel, wrapped events with unsubscribe, the folder picker, nothing else. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { contextBridge, ipcRenderer, resetElectron } from './electron-stub.js';
import { apiChannels, eventChannels } from '../../preload/contract.js';
import { pickFolderChannel, showInFolderChannel } from '../../main/ipc.js';

vi.mock('electron', () => import('./electron-stub.js'));

interface Bridge {
  api: Record<string, (...args: unknown[]) => Promise<unknown>>;
  on(event: string, listener: (...args: unknown[]) => void): () => void;
  pickFolder(): Promise<unknown>;
  showInFolder(id: number): Promise<unknown>;
}

let bridge: Bridge;
beforeAll(async () => {
  resetElectron();
  await import('../../preload/index.js');
  bridge = contextBridge.exposed.get('shoebox') as Bridge;
});

describe('preload', () => {
  it('exposes only window.shoebox with api, on, pickFolder and showInFolder', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['shoebox']);
    expect(Object.keys(bridge).sort()).toEqual(['api', 'on', 'pickFolder', 'showInFolder']);
    expect(Object.keys(bridge.api).sort()).toEqual(Object.keys(apiChannels).sort());
  });

  it('invokes the channel named after each method with the arguments given', async () => {
    ipcRenderer.invoked = [];
    for (const name of Object.keys(apiChannels)) await bridge.api[name]!({ q: name }, 2);
    expect(ipcRenderer.invoked).toEqual(Object.keys(apiChannels).map((name) => [name, [{ q: name }, 2]]));
  });

  it('hands listeners the payload only and returns a working unsubscribe', () => {
    for (const name of Object.keys(eventChannels)) {
      const seen: unknown[][] = [];
      const off = bridge.on(name, (...args) => seen.push(args));
      ipcRenderer.emit(`event:${name}`, { sender: 'ipc-internals' }, { n: 1 });
      off();
      ipcRenderer.emit(`event:${name}`, { sender: 'ipc-internals' }, { n: 2 });
      expect(seen).toEqual([[{ n: 1 }]]);
      expect(ipcRenderer.listenerCount(`event:${name}`)).toBe(0);
    }
  });

  it('refuses events outside the contract and non-function listeners', () => {
    expect(() => bridge.on('toString', () => {})).toThrow(/Unknown Shoebox event "toString"; expected one of .*jobProgress/);
    expect(() => bridge.on('search', () => {})).toThrow(/Unknown Shoebox event/);
    expect(() => bridge.on('jobProgress', 'nope' as never)).toThrow(/must be a function/);
    expect(ipcRenderer.eventNames()).toEqual([]);
  });

  it('asks main for the folder picker on the channel main binds', async () => {
    ipcRenderer.invoked = [];
    await bridge.pickFolder();
    expect(ipcRenderer.invoked).toEqual([[pickFolderChannel, []]]);
  });

  it('asks main to show a photo in the file manager by its id only, on the channel main binds', async () => {
    ipcRenderer.invoked = [];
    await bridge.showInFolder(7);
    expect(ipcRenderer.invoked).toEqual([[showInFolderChannel, [7]]]);
  });
});
