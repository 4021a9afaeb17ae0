/** Session hardening: permissions denied, the CSP header added to every response. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSession, resetElectron } from './electron-stub.js';
import { contentSecurityPolicy, hardenSession, withCsp } from '../../main/platform/session.js';

vi.mock('electron', () => import('./electron-stub.js'));

/** Parses a policy into directive -> sources. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it('is strict in production: own scripts only, images from the media scheme, no objects, no framing', () => {
    const d = directives(contentSecurityPolicy());
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'shoebox-media:', 'blob:']);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
  });

  it('allows the dev server and its hot-reload socket in development', () => {
    const d = directives(contentSecurityPolicy('http://127.0.0.1:5173/'));
    expect(d.get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:5173', 'ws://127.0.0.1:5173']);
    expect(d.get('script-src')).toContain('http://127.0.0.1:5173');
    expect(d.get('object-src')).toEqual(["'none'"]);
  });
});

describe('hardenSession', () => {
  let ses: FakeSession;
  beforeEach(() => {
    resetElectron();
    ses = new FakeSession();
    hardenSession(ses as never, null);
  });

  it('denies every permission request and check', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn();
      ses.permissionRequest!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(ses.permissionCheck!({}, permission)).toBe(false);
    }
  });

  it('adds the policy to responses, replacing one the response carried', () => {
    const callback = vi.fn();
    const responseHeaders = { 'content-type': ['text/html'], 'content-security-policy': ['default-src *'] };
    ses.headersListener!({ url: 'file:///app/index.html', responseHeaders }, callback);
    const sent = callback.mock.calls[0]?.[0] as { responseHeaders: Record<string, string[]> };
    expect(sent.responseHeaders['Content-Security-Policy']).toEqual([contentSecurityPolicy()]);
    expect(sent.responseHeaders['content-security-policy']).toBeUndefined();
    expect(sent.responseHeaders['content-type']).toEqual(['text/html']);
  });

  it('adds the policy when the response had no headers at all', () => {
    expect(withCsp(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});
