/** The application menu and the native folder dialog, against the Electron stand-in. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { BrowserWindow, Menu, dialog, resetElectron } from './electron-stub.js';
import { installMenu, menuTemplate } from '../../main/platform/menu.js';
import { pickFolder, showStartupError } from '../../main/platform/dialogs.js';

vi.mock('electron', () => import('./electron-stub.js'));

/** Every role in a template, depth first. */
function roles(items: readonly { role?: string; submenu?: unknown }[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu as { role?: string }[]) : []),
  ]);
}

describe('menu', () => {
  beforeEach(resetElectron);

  it('offers developer tools only in development', () => {
    expect(roles(menuTemplate('linux', true))).toContain('toggleDevTools');
    expect(roles(menuTemplate('linux', false))).not.toContain('toggleDevTools');
    expect(roles(menuTemplate('linux', false))).not.toContain('reload');
  });

  it('follows platform conventions: app menu and close on macOS, quit elsewhere', () => {
    expect(roles(menuTemplate('darwin', false)).slice(0, 2)).toEqual(['appMenu', 'close']);
    expect(roles(menuTemplate('win32', false))).toContain('quit');
    expect(roles(menuTemplate('win32', false))).not.toContain('appMenu');
  });

  it('installs the template as the application menu', () => {
    installMenu(false);
    expect(Menu.current).toEqual({ template: menuTemplate(process.platform, false) });
  });
});

describe('dialogs', () => {
  beforeEach(resetElectron);

  it('returns the chosen folder, attached to the calling window', async () => {
    const win = new BrowserWindow({});
    dialog.nextOpen = { canceled: false, filePaths: ['/home/me/Pictures'] };
    await expect(pickFolder(win as never)).resolves.toBe('/home/me/Pictures');
    expect(dialog.openCalls[0]?.[0]).toBe(win);
    expect(dialog.openCalls[0]?.[1]).toMatchObject({ properties: expect.arrayContaining(['openDirectory']) });
  });

  it('returns null when cancelled, also without a window', async () => {
    await expect(pickFolder(null)).resolves.toBeNull();
    expect(dialog.openCalls[0]).toHaveLength(1);
  });

  it('shows startup errors in an error box', () => {
    showStartupError('catalog is locked');
    expect(dialog.errors).toEqual([['Shoebox could not start', 'catalog is locked']]);
  });
});
