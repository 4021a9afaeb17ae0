/**
 * Floors on what a person gets with a trained SigLIP (the world model, test/world), through the product's search
 * service and tag suggestions on 300 held-out photos. Each floor sits below the measured value with a margin (see the
 * README table); a deliberately wrong calibration shows that the cut-off and suggestion floors catch a broken cut-off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureQuality, type QualityFigures } from './quality.js';
import { worldCatalog, type WorldCatalog } from './world-catalog.js';

/** Held-out photos indexed for the test (the bench uses 2,000). */
const PHOTOS = 300;

let world: WorldCatalog;
let q: QualityFigures;

beforeAll(async () => {
  world = await worldCatalog(PHOTOS, 'xenova');
  q = await measureQuality(world);
  console.log(`world quality on ${PHOTOS} photos: ${JSON.stringify(q)}`);
}, 600_000);
afterAll(() => world?.close());

describe('search on the held-out world', () => {
  it('finds single concepts (colours, shapes, backgrounds) in the top 10', () => {
    expect(q.search.single!.precisionAt10).toBeGreaterThanOrEqual(FLOORS.singleP10);
  });
  it('finds compositions and other languages in the top 50', () => {
    expect(q.search.compositional!.recallAt50).toBeGreaterThanOrEqual(FLOORS.compositionalR50);
    expect(q.search.multilingual!.recallAt50).toBeGreaterThanOrEqual(FLOORS.multilingualR50);
  });
  it('shows mostly relevant photos above the calibrated cut-off, and not the whole library', () => {
    expect(q.cutoff.calibrated.precision).toBeGreaterThanOrEqual(FLOORS.cutoffPrecision);
    expect(q.cutoff.calibrated.shownPerQuery).toBeLessThanOrEqual(FLOORS.cutoffShownMax);
  });
  it('holds the invariants: an exclusion never adds strong matches; a relative cut-off never exceeds the best score', () => {
    // Before the exclusion gate (search-service.ts), 2–4 of these 16 `a -b` queries showed more strong hits than `a`.
    expect(q.invariants.exclusionAddedStrong).toBe(0);
    expect(q.invariants.relativeCutoffAboveBest).toBe(0);
  });
  it('finds similar photos of the same colour', () => {
    expect(q.similar.colourAt10).toBeGreaterThanOrEqual(FLOORS.similarColour);
  });
});

describe('suggestions on the held-out world', () => {
  it('are mostly right and a handful per photo at the default sensitivity', () => {
    expect(q.suggestions.calibrated.precision).toBeGreaterThanOrEqual(FLOORS.suggestPrecision);
    expect(q.suggestions.calibrated.perPhoto).toBeLessThanOrEqual(FLOORS.suggestPerPhotoMax);
    expect(q.suggestions.uncalibrated.precision).toBeGreaterThanOrEqual(FLOORS.suggestUncalibratedPrecision);
    expect(q.suggestions.uncalibrated.perPhoto).toBeLessThanOrEqual(FLOORS.suggestUncalibratedPerPhotoMax);
  });
});

describe('a deliberately broken cut-off', () => {
  it('fails the floors (a logit bias 8 too high admits nearly everything)', async () => {
    const broken = await measureQuality(world, { calibration: { ...world.calibration, logitBias: world.calibration.logitBias + 8 } });
    console.log(`broken cut-off: ${JSON.stringify(broken.cutoff.calibrated)}, suggestions ${JSON.stringify(broken.suggestions.calibrated)}`);
    expect(broken.cutoff.calibrated.precision).toBeLessThan(FLOORS.cutoffPrecision);
    expect(broken.cutoff.calibrated.shownPerQuery).toBeGreaterThan(FLOORS.cutoffShownMax);
    expect(broken.suggestions.calibrated.perPhoto).toBeGreaterThan(FLOORS.suggestPerPhotoMax);
    expect(broken.suggestions.calibrated.precision).toBeLessThan(FLOORS.suggestPrecision);
  }, 600_000);
});

/** Floors chosen from the measured values (README) with a margin; maxima are ceilings a sane cut-off stays under. */
const FLOORS = {
  singleP10: 0.45,
  compositionalR50: 0.7,
  multilingualR50: 0.8,
  cutoffPrecision: 0.35,
  cutoffShownMax: 40,
  similarColour: 0.6,
  suggestPrecision: 0.6,
  suggestUncalibratedPrecision: 0.3,
  /** Each world photo shows 3 of the 19 concepts (colour, shape, background). */
  suggestPerPhotoMax: 3,
  suggestUncalibratedPerPhotoMax: 6,
};
