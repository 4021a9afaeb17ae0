/** The shape of `window.shoebox` that the Electron preload exposes (types only from the contract). */
import type { Result, ShoeboxApi, ShoeboxEvents } from '../../preload/contract.js';

/** Subscribes to one core event; returns the unsubscribe function. */
export type EventSubscriber = <K extends keyof ShoeboxEvents>(event: K, listener: ShoeboxEvents[K]) => () => void;

/** What the renderer talks to, whichever process boundary sits behind it. */
export interface ShoeboxBridge {
  api: ShoeboxApi;
  on: EventSubscriber;
  /** Native folder dialog; only Electron offers it. */
  pickFolder?: () => Promise<string | null>;
  /** Shows a library photo in the system file manager; only Electron offers it (browser mode copies the path). */
  showInFolder?: (photoId: number) => Promise<Result<null>>;
}

declare global {
  interface Window {
    shoebox?: ShoeboxBridge;
  }
}
