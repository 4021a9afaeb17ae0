/** The event hub: a listener that throws is logged (not swallowed) and the other listeners still hear the event. */
import { describe, expect, it } from 'vitest';
import { createEventHub } from '../../main/core/events.js';
import { recordingLog } from './server-harness.js';

describe('createEventHub', () => {
  it('logs a throwing listener with the event and the cause, and still delivers to the rest', () => {
    const log = recordingLog();
    const hub = createEventHub(log);
    const heard: string[] = [];
    hub.subscribe(() => {
      throw new Error('renderer went away');
    });
    hub.subscribe((event) => heard.push(event));
    hub.emit('libraryChanged', { kind: 'folders' });
    expect(heard).toEqual(['libraryChanged']);
    expect(log.lines).toEqual([
      { level: 'error', message: 'An event listener failed', data: { event: 'libraryChanged', cause: 'renderer went away' } },
    ]);
  });
});
