/** A tiny forward proxy on 127.0.0.1 (CONNECT tunnels and absolute-URI requests) that records what went through it. */
import { createServer, request } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** Control handle of a running proxy. */
export interface FakeProxy {
  url: string;
  /** `host:port` of every CONNECT tunnel opened. */
  tunnels: string[];
  /** Absolute URLs of every plain forwarded request. */
  forwarded: string[];
  close(): Promise<void>;
}

/** Starts the proxy; it only forwards to 127.0.0.1 and closes every socket on `close()`. */
export async function startFakeProxy(): Promise<FakeProxy> {
  const sockets = new Set<Socket>();
  const tunnels: string[] = [];
  const forwarded: string[] = [];
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '');
    if (target.hostname !== '127.0.0.1') return void res.writeHead(403).end('only 127.0.0.1');
    forwarded.push(target.toString());
    const upstream = request(target, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const [host, port] = (req.url ?? '').split(':');
    if (host !== '127.0.0.1') return void client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    tunnels.push(req.url ?? '');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    forwarded,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
