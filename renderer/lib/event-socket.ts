/** Browser-mode events: one WebSocket to `/events`, reconnecting with backoff, fanned out to listeners. */
import type { ShoeboxEvents } from '../../preload/contract.js';
import type { EventSubscriber } from './bridge.js';

type AnyListener = (payload: unknown) => void;

/** The little of a WebSocket this file uses. */
interface PageSocket {
  onopen: (() => void) | null;
  onmessage: ((message: { data: unknown }) => void) | null;
  onclose: ((closed: { code: number }) => void) | null;
}

/** What the socket needs from the page: its address and a WebSocket class (tests pass their own). */
export interface SocketPage {
  location: { protocol: string; host: string };
  WebSocket: new (url: string) => PageSocket;
}

/**
 * Opens the event socket lazily on first subscription and keeps exactly one open while the page lives: a
 * subscription made while a reconnect is scheduled waits for it rather than opening a second socket.
 */
export function createEventSocket(token: string | null, page: SocketPage = globalThis as unknown as SocketPage): EventSubscriber {
  const listeners = new Map<string, Set<AnyListener>>();
  let started = false;
  let attempt = 0;

  const deliver = (data: unknown): void => {
    let message: { event: string; payload: unknown };
    try {
      message = JSON.parse(String(data)) as { event: string; payload: unknown };
    } catch (err) {
      console.warn('Shoebox: dropped an event the server sent that is not JSON', err);
      return;
    }
    for (const listener of listeners.get(message.event) ?? []) {
      try {
        listener(message.payload);
      } catch (err) {
        console.error(`Shoebox: a listener for "${message.event}" failed`, err);
      }
    }
  };

  const connect = (): void => {
    const scheme = page.location.protocol === 'https:' ? 'wss' : 'ws';
    const query = token ? `?token=${encodeURIComponent(token)}` : '';
    const socket = new page.WebSocket(`${scheme}://${page.location.host}/events${query}`);
    socket.onopen = () => {
      attempt = 0;
    };
    socket.onmessage = (msg) => deliver(msg.data);
    socket.onclose = (closed) => {
      const delay = Math.min(30_000, 500 * 2 ** attempt++);
      console.warn(`Shoebox: the event connection closed (code ${closed.code}); reconnecting in ${delay} ms`);
      setTimeout(connect, delay);
    };
  };

  return <K extends keyof ShoeboxEvents>(event: K, listener: ShoeboxEvents[K]) => {
    if (!started) {
      started = true;
      connect();
    }
    const set = listeners.get(event) ?? new Set<AnyListener>();
    set.add(listener as AnyListener);
    listeners.set(event, set);
    return () => {
      set.delete(listener as AnyListener);
    };
  };
}
