/** E2E helpers: call the API as the page does (its session cookie), or with the sign-in token before a page exists. */
import type { Page } from '@playwright/test';
import type { Result } from '../../preload/contract.js';

/** A `call(channel, ...args)` over the page `getPage()` returns when called; a failure throws with its message. */
export function pageApi(getPage: () => Page): <T>(channel: string, ...args: unknown[]) => Promise<T> {
  return async <T>(channel: string, ...args: unknown[]): Promise<T> => {
    const r = (await getPage().evaluate(
      async ([c, a]) => {
        const res = await fetch(`/api/${c}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify({ args: a }),
        });
        return await res.json();
      },
      [channel, args] as const,
    )) as Result<T>;
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value;
  };
}

/** A `call(channel, ...args)` straight to the server with the sign-in link's token, for specs that call before a page exists. */
export function tokenApi(getUrl: () => string): <T>(channel: string, ...args: unknown[]) => Promise<T> {
  return async <T>(channel: string, ...args: unknown[]): Promise<T> => {
    const url = new URL(getUrl());
    const res = await fetch(`${url.origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${url.searchParams.get('token')}` },
      body: JSON.stringify({ args }),
    });
    const r = (await res.json()) as Result<T>;
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value;
  };
}
