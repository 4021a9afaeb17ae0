/** E2E helper: calls the API the page itself uses (same origin, its session cookie), as a spec checks what it sees. */
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
