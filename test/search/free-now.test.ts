/** freeNow: a typed array's buffer is released at once (detached); shared memory and partial views are left alone. */
import { describe, expect, it } from 'vitest';
import { freeNow } from '../../main/core/search/free-now.js';

describe('freeNow', () => {
  it('detaches the buffer, so every view on it reads as empty', () => {
    const codes = new Int8Array(1 << 20).fill(3);
    const other = new Float32Array(codes.buffer, 0, 16);
    freeNow(codes);
    expect(codes.length).toBe(0);
    expect(other.length).toBe(0);
    expect(codes.buffer.byteLength).toBe(0);
  });

  it('leaves a view on part of a buffer alone (the rest may belong to other views)', () => {
    const whole = new Uint8Array(64).fill(5);
    const part = whole.subarray(8, 16);
    freeNow(part);
    expect(whole.length).toBe(64);
    expect(part.length).toBe(8);
  });

  it('leaves a SharedArrayBuffer as it is', () => {
    const shared = new Int32Array(new SharedArrayBuffer(64)).fill(7);
    freeNow(shared);
    expect(shared.length).toBe(16);
    expect(shared[15]).toBe(7);
  });
});
