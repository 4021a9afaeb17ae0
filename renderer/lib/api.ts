/** The typed api the renderer uses: the Electron preload bridge when present, else HTTP/WebSocket (browser mode). */
import type { ApiError, Result, ShoeboxApi } from '../../preload/contract.js';
import type { EventSubscriber, ShoeboxBridge } from './bridge.js';
import { captureToken, createHttpApi } from './http-api.js';
import { createEventSocket } from './event-socket.js';

function pickBridge(): ShoeboxBridge & { mediaBase: string } {
  if (window.shoebox) return { ...window.shoebox, mediaBase: 'shoebox-media://' };
  const token = captureToken();
  return { api: createHttpApi(token), on: createEventSocket(token), mediaBase: '/media/' };
}

const bridge = pickBridge();

/** Every contract call. */
export const api: ShoeboxApi = bridge.api;
/** Subscribe to core events. */
export const onEvent: EventSubscriber = bridge.on;
/** The native folder dialog, only in Electron. */
export const nativePickFolder: (() => Promise<string | null>) | null = bridge.pickFolder ?? null;
/** Shows a photo in the system file manager, only in Electron (browser mode cannot reach the desktop). */
export const nativeShowInFolder: ((photoId: number) => Promise<Result<null>>) | null = bridge.showInFolder ?? null;

/** URL of a photo's thumbnail. */
export function thumbUrl(photoId: number): string {
  return `${bridge.mediaBase}thumb/${photoId}`;
}

/** URL of a photo's screen-sized rendition. */
export function displayUrl(photoId: number): string {
  return `${bridge.mediaBase}display/${photoId}`;
}

/** Thrown by {@link unwrap}: carries the api's message for a person. */
export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/** Turns a Result into its value, or throws {@link ApiFailure} with the readable message. */
export async function unwrap<T>(pending: Promise<Result<T>>): Promise<T> {
  const result = await pending;
  if (!result.ok) throw new ApiFailure(result.error);
  return result.value;
}
