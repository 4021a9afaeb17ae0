/** A tiny fan-out for core events: one Emit port, any number of listeners (IPC, WebSocket clients, CLI, tests). */
import type { EventChannel, ShoeboxEvents } from '../../preload/contract.js';
import { stderrLogger, type Emit, type Logger } from './ports.js';

/** A listener receiving every event with its name. */
export type AnyEventListener = (event: EventChannel, payload: Parameters<ShoeboxEvents[EventChannel]>[0]) => void;

/** An Emit port plus subscription; a throwing listener is isolated from the others. */
export interface EventHub {
  emit: Emit;
  subscribe(listener: AnyEventListener): () => void;
}

/** Creates an {@link EventHub}; a listener that throws is logged to `log` and the others still hear the event. */
export function createEventHub(log: Logger = stderrLogger): EventHub {
  const listeners = new Set<AnyEventListener>();
  return {
    emit: (event, payload) => {
      for (const l of listeners) {
        try {
          l(event, payload);
        } catch (err) {
          // One broken listener must not stop the others, but it is a bug worth seeing.
          log.error('An event listener failed', { event, cause: err instanceof Error ? err.message : String(err) });
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
