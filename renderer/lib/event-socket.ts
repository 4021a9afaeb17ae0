/** Browser-mode events: one WebSocket to `/events`, reconnecting with backoff, fanned out to listeners. */
import type { ShoeboxEvents } from '../../preload/contract.js';
import type { EventSubscriber } from './bridge.js';

type AnyListener = (payload: unknown) => void;

/** Opens the event socket lazily on first subscription and keeps it open while the page lives. */
export function createEventSocket(token: string | null): EventSubscriber {
  const listeners = new Map<string, Set<AnyListener>>();
  let socket: WebSocket | null = null;
  let attempt = 0;

  const connect = (): void => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const query = token ? `?token=${encodeURIComponent(token)}` : '';
    socket = new WebSocket(`${scheme}://${location.host}/events${query}`);
    socket.onopen = () => {
      attempt = 0;
    };
    socket.onmessage = (msg) => {
      try {
        const { event, payload } = JSON.parse(String(msg.data)) as { event: string; payload: unknown };
        listeners.get(event)?.forEach((fn) => fn(payload));
      } catch {
        // A malformed frame is dropped; the next libraryChanged refetches anyway.
      }
    };
    socket.onclose = () => {
      socket = null;
      const delay = Math.min(30_000, 500 * 2 ** attempt++);
      setTimeout(connect, delay);
    };
  };

  return <K extends keyof ShoeboxEvents>(event: K, listener: ShoeboxEvents[K]) => {
    if (!socket) connect();
    const set = listeners.get(event) ?? new Set<AnyListener>();
    set.add(listener as AnyListener);
    listeners.set(event, set);
    return () => {
      set.delete(listener as AnyListener);
    };
  };
}
