/** Floors on what a person gets with a trained SigLIP (the world model), through the product's search and suggestions. */
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
  console.log(`world quality on ${PHOTOS} photos: ${JSON.stringify(q, null, 1)}`);
}, 600_000);
afterAll(() => world?.close());

describe('quality on the held-out world', () => {
  it('reports figures', () => {
    expect(q.photos).toBe(PHOTOS);
  });
});
