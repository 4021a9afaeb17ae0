/** Browser mode's `/events` WebSocket: core events out to each signed-in page; nothing a client sends can crash it. */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { AnyEventListener } from '../core/events.js';
import type { Logger } from '../core/ports.js';
import type { Doors } from './doors.js';

/** Clients never need to send anything; a small limit keeps a hostile message from costing memory. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** The event socket endpoint: `upgrade` handles one HTTP upgrade, `close` ends every client. */
export interface EventStream {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

/** Builds the endpoint; every socket error (bad UTF-8, unmasked, RSV1 or oversized frames, resets) is logged, never thrown. */
export function createEventStream(doors: Doors, subscribe: (listener: AnyEventListener) => () => void, log: Logger): EventStream {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  wss.on('error', (err) => log.warn('The event socket server had an error', { cause: err.message }));
  return {
    upgrade(req, socket, head) {
      socket.on('error', (err) => log.warn('An event socket connection failed', { cause: err.message }));
      const refuse = (status: string): void => void socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      if (!doors.hostAllowed(req) || !doors.originAllowed(req)) return refuse('403 Forbidden');
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://127.0.0.1');
      } catch {
        return refuse('400 Bad Request');
      }
      if (url.pathname !== '/events') return refuse('404 Not Found');
      if (!doors.authorised(req, url.searchParams)) return refuse('401 Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => {
        ws.on('error', (err) => log.warn('An event socket client sent a bad frame; it was disconnected', { cause: err.message }));
        const off = subscribe((event, payload) => ws.send(JSON.stringify({ event, payload })));
        ws.on('close', off);
      });
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
