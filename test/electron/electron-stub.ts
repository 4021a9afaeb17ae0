/** A recording stand-in for the `electron` module (its binary cannot run here); tests wire it with vi.mock. */
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

/** An event object whose preventDefault is observable. */
export function fakeEvent<T extends object>(fields: T): T & { defaultPrevented: boolean; preventDefault(): void } {
  return {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

/** A webContents that records what is sent to it and the window-open handler. */
export class FakeWebContents extends EventEmitter {
  sent: [string, unknown][] = [];
  destroyed = false;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** A BrowserWindow that keeps its options and what it loaded. */
export class BrowserWindow extends EventEmitter {
  static windows: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.windows.filter((w) => !w.destroyed);
  }
  static fromWebContents(contents: unknown): BrowserWindow | null {
    return BrowserWindow.windows.find((w) => w.webContents === contents) ?? null;
  }
  webContents = new FakeWebContents();
  loaded: { file?: string; url?: string } | null = null;
  shown = false;
  focused = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super();
    BrowserWindow.windows.push(this);
  }
  loadFile(file: string): Promise<void> {
    this.loaded = { file };
    return Promise.resolve();
  }
  loadURL(url: string): Promise<void> {
    this.loaded = { url };
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  focus(): void {
    this.focused = true;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

/** ipcMain: one handler per channel, like Electron (a second registration throws). */
export const ipcMain = {
  handlers: new Map<string, Listener>(),
  handle(channel: string, handler: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
};

/** ipcRenderer: records invokes; `emit` plays the main process sending an event. */
export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoked: [] as [string, unknown[]][],
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    ipcRenderer.invoked.push([channel, args]);
    return Promise.resolve({ ok: true, value: channel });
  },
});

/** contextBridge: keeps what the preload exposed, by key. */
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

/** protocol: privileged schemes and handlers by scheme. */
export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    this.handlers.set(scheme, handler);
  },
};

/** shell: records external opens. */
export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
};

/** dialog: answers open dialogs with `nextOpen` and message boxes with `nextResponse`, records error boxes. */
export const dialog = {
  nextOpen: { canceled: true, filePaths: [] as string[] },
  openCalls: [] as unknown[][],
  errors: [] as [string, string][],
  nextResponse: 0,
  messageBoxes: [] as Record<string, unknown>[],
  showMessageBox(options: Record<string, unknown>): Promise<{ response: number }> {
    this.messageBoxes.push(options);
    return Promise.resolve({ response: this.nextResponse });
  },
  showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    this.openCalls.push(args);
    return Promise.resolve(this.nextOpen);
  },
  showErrorBox(title: string, content: string): void {
    this.errors.push([title, content]);
  },
};

/** Menu: the template goes through unchanged so tests can read it. */
export const Menu = {
  current: null as unknown,
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu(menu: unknown): void {
    this.current = menu;
  },
};

/** A session recording its permission handlers and header listener. */
export class FakeSession {
  permissionRequest: Listener | null = null;
  permissionCheck: Listener | null = null;
  headersListener: Listener | null = null;
  webRequest = { onHeadersReceived: (listener: Listener) => (this.headersListener = listener) };
  setPermissionRequestHandler(handler: Listener): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: Listener): void {
    this.permissionCheck = handler;
  }
}

/** session.defaultSession. */
export const session = { defaultSession: new FakeSession() };

/** app: lifecycle events, a controllable single-instance lock and paths under `home`. */
export const app = Object.assign(new EventEmitter(), {
  home: '/tmp/shoebox-electron-stub',
  appPath: '/tmp/shoebox-electron-stub/app',
  isPackaged: false,
  gotLock: true,
  quitCalls: 0,
  exitCode: null as number | null,
  ready: Promise.resolve(),
  requestSingleInstanceLock: () => app.gotLock,
  whenReady: () => app.ready,
  getAppPath: () => app.appPath,
  getPath: (name: string) => `${app.home}/${name}`,
  quit(): void {
    app.quitCalls += 1;
    const event = fakeEvent({});
    app.emit('will-quit', event);
  },
  exit(code: number): void {
    app.exitCode = code;
  },
});

/** Clears every recording between tests. */
export function resetElectron(): void {
  BrowserWindow.windows = [];
  ipcMain.handlers.clear();
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoked = [];
  contextBridge.exposed.clear();
  protocol.privileged = [];
  protocol.handlers.clear();
  shell.opened = [];
  dialog.nextOpen = { canceled: true, filePaths: [] };
  dialog.openCalls = [];
  dialog.errors = [];
  dialog.nextResponse = 0;
  dialog.messageBoxes = [];
  Menu.current = null;
  session.defaultSession = new FakeSession();
  app.removeAllListeners();
  app.isPackaged = false;
  app.gotLock = true;
  app.quitCalls = 0;
  app.exitCode = null;
}
