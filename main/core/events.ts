/** A tiny fan-out for core events: one Emit port, any number of listeners (IPC, WebSocket clients, CLI, tests). */
import type { EventChannel, ShoeboxEvents } from '../../preload/contract.js';
import type { Emit } from './ports.js';

/** A listener receiving every event with its name. */
export type AnyEventListener = (event: EventChannel, payload: Parameters<ShoeboxEvents[EventChannel]>[0]) => void;

/** An Emit port plus subscription; a throwing listener is isolated from the others. */
export interface EventHub {
  emit: Emit;
  subscribe(listener: AnyEventListener): () => void;
}

/** Creates an {@link EventHub}. */
export function createEventHub(): EventHub {
  const listeners = new Set<AnyEventListener>();
  return {
    emit: (event, payload) => {
      for (const l of listeners) {
        try {
          l(event, payload as Parameters<ShoeboxEvents[EventChannel]>[0]);
        } catch {
          // One broken listener must not stop the others.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
