/** The UI on the trained world SigLIP (test/world): a world concept is found above the cut-off; Review offers right colours. */
import { expect, test, type Page } from '@playwright/test';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { LibraryStatus, SearchPage, SuggestionCandidate, SuggestionGroup } from '../../preload/contract.js';
import { WORLD_MODELS } from '../world/world-catalog.js';
import { worldSet } from '../world/world-set.js';
import { tokenApi } from './page-api.js';
import { serveLibrary, type ServedLibrary } from './serve.js';

const screens = 'test-results/e2e-screens';
const PHOTOS = 120;
let served: ServedLibrary;
let page: Page;
let folder: string;
/** Each photo's concepts (`blue`, `circle`, `second:red`, …) by file name. */
let truth: Map<string, string[]>;

test.describe.configure({ mode: 'serial' });

const call = tokenApi(() => served.url);

const shows = (file: string, colour: string): boolean =>
  (truth.get(basename(file)) ?? []).some((c) => c === colour || c === `second:${colour}`);

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  await mkdir(screens, { recursive: true });
  const set = worldSet(PHOTOS);
  truth = new Map(set.photos.map((p) => [basename(p.file), p.concepts]));
  served = await serveLibrary(join(WORLD_MODELS, 'immich'));
  folder = await mkdtemp(join(tmpdir(), 'shoebox-e2e-world-'));
  for (const p of set.photos) await copyFile(join(set.dir, p.file), join(folder, basename(p.file)));
  await call('addFolder', folder);
  await expect.poll(async () => (await call<LibraryStatus>('status')).counts.indexed, { timeout: 240_000 }).toBe(PHOTOS);
  page = await browser.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
});

test.afterAll(async () => {
  await page?.close();
  await served?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

test('a search for a world concept shows only right photos above the cut-off', async () => {
  const result = await call<SearchPage>('search', { query: 'blue', limit: 100 });
  const strong = result.hits.filter((h) => h.strong);
  expect(strong.length).toBeGreaterThanOrEqual(5);
  expect(strong.filter((h) => shows(h.photo.path, 'blue'))).toHaveLength(strong.length);

  await page.goto(served.url);
  await page.getByTestId('search-input').fill('blue');
  await expect(page.getByTestId('photo-tile')).toHaveCount(strong.length, { timeout: 30_000 });
  await page.screenshot({ path: join(screens, 'world-01-search-blue.png') });
});

test('the weaker tail shows below a "Weaker matches" line; sorted by date, results group by month; the choice stays', async () => {
  await page.getByTestId('results-summary').getByRole('button', { name: '(show)' }).click();
  const line = page.getByTestId('date-header').filter({ hasText: 'Weaker matches' });
  await expect(line).toBeVisible();
  await page.screenshot({ path: join(screens, 'world-01b-weaker-line.png') });
  await page.getByTestId('sort').selectOption('date');
  await expect(line).toHaveCount(0);
  await expect(page.getByTestId('date-header').first()).toHaveText(/^[A-Z][a-z]+ \d{4}$|^Date unknown$/);
  await page.getByTestId('search-input').fill('');
  await expect(page.getByTestId('sort')).toHaveValue('date');
  await page.getByTestId('search-input').fill('blue');
  await expect(page.getByTestId('sort')).toHaveValue('date');
  await page.getByTestId('sort').selectOption('relevance');
  await page.getByTestId('search-input').fill('-blue');
  await expect(page.getByTestId('query-problem')).toContainText('only says what to leave out');
  await page.screenshot({ path: join(screens, 'world-01c-exclusion-only.png') });
  await page.getByTestId('search-input').fill('');
});

test('Review offers a handful of suggestions per photo, and the colours it offers are right', async () => {
  await page.getByTestId('nav-review').click();
  await expect(page.getByTestId('review-group').first()).toBeVisible({ timeout: 120_000 });
  const groups = await call<SuggestionGroup[]>('reviewGroups');
  const perPhoto = new Map<number, number>();
  let colourCandidates = 0;
  let colourRight = 0;
  for (const g of groups) {
    const candidates = await call<SuggestionCandidate[]>('tagCandidates', { tag: g.tag, limit: 500 });
    for (const c of candidates) perPhoto.set(c.photo.id, (perPhoto.get(c.photo.id) ?? 0) + 1);
    const colour = /^Colours\/(Red|Green|Blue|Yellow|Orange|Purple|White|Black)$/.exec(g.tag)?.[1]?.toLowerCase();
    if (!colour) continue;
    colourCandidates += candidates.length;
    colourRight += candidates.filter((c) => shows(c.photo.path, colour)).length;
  }
  expect(Math.max(...perPhoto.values())).toBeLessThanOrEqual(15);
  expect(colourCandidates).toBeGreaterThanOrEqual(5);
  expect(colourRight / colourCandidates).toBeGreaterThanOrEqual(0.8);
  const blue = page.getByTestId('review-group').filter({ hasText: 'Colours/Blue' });
  if ((await blue.count()) > 0) await blue.first().click();
  await page.screenshot({ path: join(screens, 'world-02-review.png') });
});
