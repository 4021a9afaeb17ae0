/** Proxy-aware HTTP for model downloads: undici's fetch with HTTP(S)_PROXY / NO_PROXY honoured (Node's fetch ignores them). */
import type { Dispatcher, RequestInit, Response } from 'undici';

export type { Response as HttpResponse } from 'undici';

/** The proxy settings read from an environment (upper- or lowercase names; lowercase wins, as curl does). */
export interface ProxySettings {
  httpProxy: string | null;
  httpsProxy: string | null;
  noProxy: string | null;
}

/** A fetch bound to one connection pool; `close` releases its sockets. */
export interface HttpClient {
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** The proxy in use for https URLs (or http ones), for messages; null when none. */
  proxy: string | null;
  close(): Promise<void>;
}

/** Options for {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Where proxy variables are read from; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Give up on a response whose headers do not arrive in this time (ms). */
  headersTimeoutMs?: number;
  /** Give up when the body stalls for this long between chunks (ms). */
  bodyTimeoutMs?: number;
}

function pick(env: NodeJS.ProcessEnv, name: string): string | null {
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value && value.trim() !== '' ? value.trim() : null;
}

/** Reads HTTP_PROXY / HTTPS_PROXY / NO_PROXY (and their lowercase forms). */
export function proxySettings(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  return { httpProxy: pick(env, 'http_proxy'), httpsProxy: pick(env, 'https_proxy'), noProxy: pick(env, 'no_proxy') };
}

/**
 * Builds a fetch that routes through the environment's proxy (CONNECT tunnels) unless NO_PROXY matches. undici loads
 * with the first request, so core opens without it.
 */
export function createHttpClient(opts: HttpClientOptions = {}): HttpClient {
  const proxy = proxySettings(opts.env ?? process.env);
  const timeouts = { headersTimeout: opts.headersTimeoutMs ?? 30_000, bodyTimeout: opts.bodyTimeoutMs ?? 60_000 };
  let pool: Promise<{ undici: typeof import('undici'); dispatcher: Dispatcher }> | null = null;
  const connect = () =>
    (pool ??= import('undici').then((undici) => ({
      undici,
      // Empty strings (not undefined) stop undici from falling back to process.env behind our back.
      dispatcher:
        proxy.httpProxy || proxy.httpsProxy
          ? new undici.EnvHttpProxyAgent({
              ...timeouts,
              httpProxy: proxy.httpProxy ?? '',
              httpsProxy: proxy.httpsProxy ?? proxy.httpProxy ?? '',
              noProxy: proxy.noProxy ?? '',
            })
          : new undici.Agent(timeouts),
    })));
  return {
    fetch: async (url, init) => {
      const { undici, dispatcher } = await connect();
      return undici.fetch(url, { ...init, dispatcher });
    },
    proxy: proxy.httpsProxy ?? proxy.httpProxy,
    close: async () => {
      if (pool) await (await pool).dispatcher.close();
    },
  };
}

/** How a failed request failed: no route to the server at all, a broken transfer, or a cancel. */
export type NetworkFailure = { kind: 'offline' | 'network' | 'aborted'; code: string };

const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);

const NETWORK_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'EPROTO', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Classifies an error thrown by fetch or by reading a body; null when it is not a network error. */
export function classifyNetworkError(err: unknown): NetworkFailure | null {
  if (err instanceof Error && err.name === 'AbortError') return { kind: 'aborted', code: 'ABORT_ERR' };
  let e: unknown = err;
  for (let depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (OFFLINE_CODES.has(code)) return { kind: 'offline', code };
      if (code === 'ABORT_ERR') return { kind: 'aborted', code };
      if (code.startsWith('UND_ERR') || NETWORK_CODES.has(code)) return { kind: 'network', code };
    }
    e = (e as { cause?: unknown }).cause;
  }
  if (err instanceof TypeError && /fetch failed|terminated/i.test(err.message)) return { kind: 'network', code: 'FETCH_FAILED' };
  return null;
}
