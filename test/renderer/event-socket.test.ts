/** The renderer's event socket against a real WebSocket server: one socket at a time, and no error swallowed silently. */
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createEventSocket, type SocketPage } from '../../renderer/lib/event-socket.js';

let server: WebSocketServer;
let connections: WebSocket[];
let page: SocketPage;

beforeEach(async () => {
  connections = [];
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (ws) => connections.push(ws));
  await new Promise((r) => server.once('listening', r));
  // What a page has: its location and a WebSocket class (ws speaks the same onopen/onmessage/onclose interface).
  page = {
    location: { protocol: 'http:', host: `127.0.0.1:${(server.address() as AddressInfo).port}` },
    WebSocket: WebSocket as unknown as SocketPage['WebSocket'],
  };
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const ws of server.clients) ws.terminate();
  await new Promise((r) => server.close(r));
});

const waitFor = async (check: () => boolean, ms = 5_000): Promise<void> => {
  for (const end = Date.now() + ms; !check();) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};
const open = () => connections.filter((c) => c.readyState === WebSocket.OPEN);

describe('createEventSocket', () => {
  it('opens no second socket when a subscription arrives during the reconnect delay', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const on = createEventSocket('t', page);
    const heard: unknown[] = [];
    on('libraryChanged', (c) => heard.push(c));
    await waitFor(() => connections.length === 1);
    connections[0]!.terminate();
    await waitFor(() => connections[0]!.readyState === WebSocket.CLOSED);
    await new Promise((r) => setTimeout(r, 50)); // the page has seen the close: a reconnect is now scheduled
    on('jobProgress', () => {});
    await waitFor(() => connections.length >= 2);
    await new Promise((r) => setTimeout(r, 1_000)); // past the first reconnect delay (500 ms)
    expect(connections).toHaveLength(2);
    expect(open()).toHaveLength(1);
    open()[0]!.send(JSON.stringify({ event: 'libraryChanged', payload: { kind: 'folders' } }));
    await waitFor(() => heard.length > 0);
    await new Promise((r) => setTimeout(r, 100));
    expect(heard).toEqual([{ kind: 'folders' }]);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('reconnecting in 500 ms'));
  });

  it('logs a malformed frame and a throwing listener, and the other listeners still hear the event', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const on = createEventSocket(null, page);
    const heard: unknown[] = [];
    on('libraryChanged', () => {
      throw new Error('stale component');
    });
    on('libraryChanged', (c) => heard.push(c));
    await waitFor(() => open().length === 1);
    open()[0]!.send('not json');
    open()[0]!.send(JSON.stringify({ event: 'libraryChanged', payload: { kind: 'tags' } }));
    await waitFor(() => heard.length === 1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('not JSON'), expect.any(SyntaxError));
    expect(error).toHaveBeenCalledWith(
      expect.stringContaining('"libraryChanged" failed'),
      expect.objectContaining({ message: 'stale component' }),
    );
  });
});
