/** Frees a typed array's memory at once instead of at some later garbage collection. */

/** ES2024's ArrayBuffer.prototype.transfer (Node 22, Electron), which the project's TypeScript libs do not declare. */
interface Transferable {
  transfer?(length: number): ArrayBuffer;
}

/**
 * Detaches `view`'s buffer through `transfer(0)`, which releases its memory now (a 48 MB block's codes otherwise waited
 * for the next major collection: at 1M photos ~2 such copies were still held when loading was over). Every view on
 * the buffer reads as empty afterwards, so call it only once nothing can still read it. Shared memory, and a view on
 * part of a buffer (a pooled Buffer's slice: the rest may belong to others), are left alone.
 */
export function freeNow(view: ArrayBufferView): void {
  const buffer = view.buffer as ArrayBuffer & Transferable;
  const whole = view.byteOffset === 0 && view.byteLength === buffer.byteLength;
  if (whole && buffer instanceof ArrayBuffer && typeof buffer.transfer === 'function') buffer.transfer(0);
}
