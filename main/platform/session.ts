/** Session hardening: every permission request denied, a strict Content-Security-Policy on every response. */
import type { Session } from 'electron';
import { mediaScheme } from '../../preload/contract.js';

/**
 * The renderer's Content-Security-Policy. With a dev server URL, its origin and websocket (hot reload) are
 * allowed too, plus inline scripts for the React refresh preamble Vite injects in development only.
 */
export function contentSecurityPolicy(devUrl: string | null = null): string {
  const dev = devUrl === null ? null : new URL(devUrl);
  const devOrigin = dev === null ? '' : ` ${dev.origin}`;
  const devSocket = dev === null ? '' : ` ${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`;
  return [
    "default-src 'self'",
    `img-src 'self' data: ${mediaScheme}: blob:`,
    "style-src 'self' 'unsafe-inline'",
    `script-src 'self'${dev === null ? '' : " 'unsafe-inline'"}${devOrigin}`,
    `connect-src 'self'${devOrigin}${devSocket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Response headers with our policy replacing any policy the response carried. */
export function withCsp(headers: Record<string, string[]> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}

/** Denies every permission (camera, notifications, geolocation, ...) and adds the CSP header to responses. */
export function hardenSession(session: Session, devUrl: string | null): void {
  const csp = contentSecurityPolicy(devUrl);
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders, csp) });
  });
}
