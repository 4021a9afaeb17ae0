/** IPC bindings: every contract channel forwards to core; foreign frames are refused; events reach the windows. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, ipcMain, resetElectron } from './electron-stub.js';
import { apiChannels, type ApiChannel } from '../../preload/contract.js';
import { bindIpc, forwardEvents, pickFolderChannel } from '../../main/ipc.js';

vi.mock('electron', () => import('./electron-stub.js'));

const appPage = 'file:///app/dist/renderer/index.html';
const isAppUrl = (url: string): boolean => url === appPage;

function setup() {
  const calls: [ApiChannel, unknown][] = [];
  const picks: unknown[] = [];
  const dispose = bindIpc({
    invoke: async (channel, args) => {
      calls.push([channel, args]);
      return { ok: true, value: `${channel} done` };
    },
    isAppUrl,
    pickFolder: async (win) => {
      picks.push(win);
      return '/photos/2024';
    },
  });
  return { calls, picks, dispose };
}

const from = (url: string | null, sender: unknown = {}) => ({ senderFrame: url === null ? null : { url }, sender });
const call = (channel: string, event: unknown, ...args: unknown[]) => ipcMain.handlers.get(channel)!(event, ...args);

describe('bindIpc', () => {
  beforeEach(resetElectron);

  it('binds exactly the contract channels plus the folder picker', () => {
    setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...Object.keys(apiChannels), pickFolderChannel].sort());
  });

  it('forwards each channel with its argument list to core.invoke', async () => {
    const { calls } = setup();
    for (const channel of Object.keys(apiChannels) as ApiChannel[]) {
      await expect(call(channel, from(appPage), { n: channel.length }, 7)).resolves.toEqual({ ok: true, value: `${channel} done` });
    }
    expect(calls).toEqual(Object.keys(apiChannels).map((channel) => [channel, [{ n: channel.length }, 7]]));
  });

  it('refuses calls from any other frame, or a destroyed one, without reaching core', async () => {
    const { calls } = setup();
    for (const event of [from('https://evil.example/'), from('file:///tmp/other.html'), from(null)]) {
      const result = (await call('removeFolder', event, 1)) as { ok: boolean; error: { code: string; message: string } };
      expect(result.ok).toBe(false);
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message).toMatch(/refused/);
    }
    expect(calls).toEqual([]);
  });

  it('opens the folder picker on the calling window only for our frame', async () => {
    const { picks } = setup();
    const win = new BrowserWindow({});
    await expect(call(pickFolderChannel, from(appPage, win.webContents))).resolves.toBe('/photos/2024');
    expect(picks).toEqual([win]);
    expect(() => call(pickFolderChannel, from('https://evil.example/'))).toThrow(/refused/);
    expect(picks).toHaveLength(1);
  });

  it('removes every handler when disposed, so it can be bound again', () => {
    const { dispose } = setup();
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    setup();
    expect(ipcMain.handlers.size).toBe(Object.keys(apiChannels).length + 1);
  });
});

describe('forwardEvents', () => {
  beforeEach(resetElectron);

  it('sends each event, prefixed, to every live window', () => {
    const live = new BrowserWindow({});
    const gone = new BrowserWindow({});
    gone.webContents.destroyed = true;
    const emit = forwardEvents();
    emit('libraryChanged', { kind: 'folders' });
    emit('jobProgress', {
      state: 'idle',
      stage: 'reading',
      done: 1,
      total: 2,
      errors: 0,
      rate: 0,
      etaSeconds: null,
      provider: null,
      modelId: null,
      preparing: null,
      problem: null,
    });
    expect(live.webContents.sent.map(([channel]) => channel)).toEqual(['event:libraryChanged', 'event:jobProgress']);
    expect(live.webContents.sent[0]?.[1]).toEqual({ kind: 'folders' });
    expect(gone.webContents.sent).toEqual([]);
  });
});
