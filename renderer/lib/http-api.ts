/** Browser-mode transport: every contract call as `POST /api/<channel>`, authenticated by cookie and bearer token. */
import { apiChannels, type ApiChannel, type Result, type ShoeboxApi } from '../../preload/contract.js';

const tokenKey = 'shoebox.token';

/** Takes the token out of the address bar (once), keeps it for this tab, and returns it. */
export function captureToken(): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(tokenKey, fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
  }
  return sessionStorage.getItem(tokenKey);
}

async function post(channel: ApiChannel, args: unknown[], token: string | null): Promise<Result<unknown>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    const res = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: JSON.stringify({ args }),
    });
    if (res.status === 401 || res.status === 403) {
      return {
        ok: false,
        error: { code: 'invalid_input', message: 'This page is not signed in. Open the link that `shoebox serve` printed again.' },
      };
    }
    return (await res.json()) as Result<unknown>;
  } catch {
    return { ok: false, error: { code: 'network', message: 'Shoebox is not reachable. Is `shoebox serve` still running?' } };
  }
}

/** Builds a {@link ShoeboxApi} whose every method posts its arguments to the local server. */
export function createHttpApi(token: string | null): ShoeboxApi {
  const api: Record<string, (...args: unknown[]) => Promise<Result<unknown>>> = {};
  for (const channel of Object.keys(apiChannels) as ApiChannel[]) {
    api[channel] = (...args: unknown[]) => post(channel, args, token);
  }
  return api as unknown as ShoeboxApi;
}
