/** Test helpers for browser mode: raw HTTP requests, raw WebSocket handshakes and hand-built frames. */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Logger } from '../../main/core/ports.js';

/** One raw HTTP answer. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw GET/POST, so paths like `/../` or `/%zz` reach the server unnormalised, with any Host header. */
export function rawRequest(
  port: number,
  path: string,
  o: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', headers: o.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

/** A logger that keeps every line, to check what was logged (and that the token never was). */
export function recordingLog(): Logger & { lines: { level: string; message: string; data?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; data?: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (message, data) => lines.push({ level: 'info', message, data }),
    warn: (message, data) => lines.push({ level: 'warn', message, data }),
    error: (message, data) => lines.push({ level: 'error', message, data }),
  };
}

/** A TCP socket after a WebSocket handshake on `/events`; `reply` is the server's status line and headers. */
export async function rawUpgrade(
  port: number,
  o: { token: string; host?: string; origin?: string },
): Promise<{ socket: Socket; reply: string; received: () => Buffer }> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const lines = [
    `GET /events?token=${o.token} HTTP/1.1`,
    `Host: ${o.host ?? `127.0.0.1:${port}`}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Version: 13',
    ...(o.origin ? [`Origin: ${o.origin}`] : []),
  ];
  socket.write(lines.join('\r\n') + '\r\n\r\n');
  let data = Buffer.alloc(0);
  socket.on('data', (c: Buffer) => (data = Buffer.concat([data, c])));
  socket.on('error', () => {}); // the server may reset the connection after refusing it
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (data.includes('\r\n\r\n') || socket.destroyed) resolve();
      else setTimeout(check, 5);
    };
    check();
  });
  const end = data.indexOf('\r\n\r\n');
  const reply = data.subarray(0, end < 0 ? data.length : end).toString('latin1');
  const head = end < 0 ? 0 : end + 4;
  return { socket, reply, received: () => data.subarray(head) };
}

/** Builds one client frame by hand: `mask: false` or `rsv1: true` make frames a server must refuse. */
export function frame(payload: Buffer, o: { opcode?: number; mask?: boolean; rsv1?: boolean; declaredLength?: number } = {}): Buffer {
  const length = o.declaredLength ?? payload.length;
  const first = 0x80 | (o.rsv1 ? 0x40 : 0) | (o.opcode ?? 0x1);
  const maskBit = o.mask === false ? 0 : 0x80;
  let header: Buffer;
  if (length < 126) header = Buffer.from([first, maskBit | length]);
  else if (length < 65536) header = Buffer.from([first, maskBit | 126, length >> 8, length & 0xff]);
  else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = maskBit | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (o.mask === false) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ key[i % 4]!));
  return Buffer.concat([header, key, masked]);
}

/** Waits until the server closes `socket`; returns the close code of the close frame it sent, if any. */
export async function closedWith(socket: Socket, received: () => Buffer): Promise<number | null> {
  await new Promise<void>((resolve) => {
    if (socket.destroyed || socket.readableEnded) return resolve();
    socket.once('close', () => resolve());
  });
  const data = received();
  const at = data.indexOf(0x88);
  return at >= 0 && data.length >= at + 4 ? data.readUInt16BE(at + 2) : null;
}
