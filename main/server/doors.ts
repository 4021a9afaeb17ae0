/** Browser mode's doors: which Host and Origin a request may name, and whether it carries this instance's token. */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The checks for one running server, bound to the port it listens on. */
export interface Doors {
  /** The one address this server answers at, for messages. */
  address: string;
  /** The cookie holding the token; its name carries the port, so two instances never overwrite each other's. */
  cookieName: string;
  /** True when the Host header names this server by loopback address and port (refuses DNS rebinding). */
  hostAllowed(req: IncomingMessage): boolean;
  /** True when there is no Origin header, or it is exactly one of this server's own origins. */
  originAllowed(req: IncomingMessage): boolean;
  /** True when the query's `token`, an `Authorization: Bearer` header or this instance's cookie holds the token. */
  authorised(req: IncomingMessage, query: URLSearchParams): boolean;
  /** The `Set-Cookie` value that signs this browser in (HttpOnly, SameSite=Strict, kept across browser restarts). */
  signInCookie(): string;
}

const COOKIE_MAX_AGE_S = 400 * 24 * 3600; // the longest Chromium keeps a cookie

/** Builds the {@link Doors} of a server listening on 127.0.0.1:`port` with `token`. */
export function createDoors(port: number, token: string): Doors {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  const origins = new Set([...hosts].map((h) => `http://${h}`));
  const cookieName = `shoebox_token_${port}`;
  const matches = (given: string | undefined): boolean => {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };
  return {
    address: `http://127.0.0.1:${port}/`,
    cookieName,
    hostAllowed: (req) => hosts.has((req.headers.host ?? '').toLowerCase()),
    originAllowed: (req) => req.headers.origin === undefined || origins.has(req.headers.origin.toLowerCase()),
    authorised(req, query) {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      return matches(query.get('token') ?? undefined) || matches(bearer) || matches(cookieValue(req, cookieName));
    },
    signInCookie: () => `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${COOKIE_MAX_AGE_S}`,
  };
}

/** The value of cookie `name` in the request's Cookie header, if any. */
function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(/;\s*/)) {
    if (part.startsWith(name + '=')) return part.slice(name.length + 1);
  }
  return undefined;
}
