/** IPC bindings: every contract channel forwards to core; foreign frames are refused; events reach the windows. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, ipcMain, resetElectron } from './electron-stub.js';
import { apiChannels, type ApiChannel } from '../../preload/contract.js';
import { bindIpc, forwardEvents, pickFolderChannel, showInFolderChannel } from '../../main/ipc.js';

vi.mock('electron', () => import('./electron-stub.js'));

const appPage = 'file:///app/dist/renderer/index.html';
const isAppUrl = (url: string): boolean => url === appPage;

function setup() {
  const calls: [ApiChannel, unknown][] = [];
  const picks: unknown[] = [];
  const shown: string[] = [];
  const dispose = bindIpc({
    invoke: async (channel, args) => {
      calls.push([channel, args]);
      const id = (args as unknown[])[0];
      // The file manager's lookups (a bare id or a forged path); other calls answer like every channel.
      if (channel === 'getPhoto' && typeof id !== 'object') {
        if (id === 7) return { ok: true, value: { path: '/photos/a.jpg', presence: 'present' } };
        if (id === 8) return { ok: true, value: { path: '/gone/b.jpg', presence: 'missing' } };
        return { ok: false, error: { code: 'not_found', message: `There is no photo #${JSON.stringify(id)}` } };
      }
      return { ok: true, value: `${channel} done` };
    },
    showInFolder: (path) => shown.push(path),
    isAppUrl,
    pickFolder: async (win) => {
      picks.push(win);
      return '/photos/2024';
    },
  });
  return { calls, picks, shown, dispose };
}

const from = (url: string | null, sender: unknown = {}) => ({ senderFrame: url === null ? null : { url }, sender });
const call = (channel: string, event: unknown, ...args: unknown[]) => ipcMain.handlers.get(channel)!(event, ...args);

describe('bindIpc', () => {
  beforeEach(resetElectron);

  it('binds exactly the contract channels plus the folder picker and the file manager', () => {
    setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...Object.keys(apiChannels), pickFolderChannel, showInFolderChannel].sort());
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

  it('shows only a present library photo in the file manager, by the path the catalog holds, for our frame only', async () => {
    const { shown } = setup();
    await expect(call(showInFolderChannel, from(appPage), 7)).resolves.toEqual({ ok: true, value: null });
    expect(shown).toEqual(['/photos/a.jpg']);
    await expect(call(showInFolderChannel, from(appPage), 8)).resolves.toMatchObject({ ok: false, error: { code: 'not_found' } });
    await expect(call(showInFolderChannel, from(appPage), '/etc/passwd')).resolves.toMatchObject({ ok: false });
    await expect(call(showInFolderChannel, from('https://evil.example/'), 7)).resolves.toMatchObject({ ok: false });
    expect(shown).toEqual(['/photos/a.jpg']);
  });

  it('removes every handler when disposed, so it can be bound again', () => {
    const { dispose } = setup();
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
    setup();
    expect(ipcMain.handlers.size).toBe(Object.keys(apiChannels).length + 2);
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
