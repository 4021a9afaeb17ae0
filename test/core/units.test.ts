/** The one formatter of sizes, durations and time left (UI, CLI and error messages share it). */
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatEta } from '../../main/core/units.js';

describe('units', () => {
  it('formats bytes in binary units with one decimal below 100', () => {
    expect([0, 512, 1536, 384 * 2 ** 20, 1.5 * 2 ** 30, 50_000_000].map(formatBytes)).toEqual([
      '0 B',
      '512 B',
      '1.5 KB',
      '384 MB',
      '1.5 GB',
      '47.7 MB',
    ]);
    expect(formatBytes(null)).toBe('Unknown');
  });
  it('formats durations and time left', () => {
    expect([12, 89, 180, 3900, 7500].map(formatDuration)).toEqual(['12 s', '1 min', '3 min', '1 h 5 min', '2 h 5 min']);
    expect([null, -1, 5, 47, 7500].map(formatEta)).toEqual(['', '', 'a few seconds left', '~47 s left', '~2 h 5 min left']);
  });
});

describe('back-off', () => {
  it('doubles from the base and stops at the cap', async () => {
    const { backoffDelay } = await import('../../main/core/backoff.js');
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, { baseMs: 500, maxMs: 3000 }))).toEqual([500, 1000, 2000, 3000, 3000]);
  });
});
