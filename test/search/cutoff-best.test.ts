// The relative cut-off never exceeds the best score: find-similar always shows at least its best hit (an identical copy).
import { describe, expect, it } from 'vitest';
import { relativeCutoff } from '../../main/core/search/cutoff.js';

describe('relative cut-off', () => {
  it('stays at or below the best score however the sample looks', () => {
    // A tight background far below a lone best hit, and the degenerate case where every score is the same.
    const background = Array.from({ length: 500 }, (_, i) => 0.1 + (i % 7) * 1e-4);
    for (const [top, sample] of [
      [0.12, background],
      [1, background],
      [0.3, Array.from({ length: 500 }, () => 0.3)],
      [0.5, [0.5]],
    ] as const) {
      for (const sensitivity of [0, 0.5, 1]) {
        const cut = relativeCutoff(top, sample, sensitivity);
        expect(cut.minScore, `top ${top}, sensitivity ${sensitivity}`).toBeLessThanOrEqual(top);
      }
    }
  });

  it('still hides the background below a clear match', () => {
    const background = Array.from({ length: 1000 }, (_, i) => 0.05 + ((i * 37) % 100) / 1000);
    const cut = relativeCutoff(0.9, [...background, 0.88, 0.9], 0.5);
    expect(cut.minScore).toBeGreaterThan(Math.max(...background));
    expect(cut.minScore).toBeLessThanOrEqual(0.88);
  });
});
