/** End to end in browser mode: first run → folder → indexing → search → viewer → tag review → undo → keyboard. */
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fixtures } from '../helpers/fixtures.js';
import { serveLibrary, type ServedLibrary } from './serve.js';

const screens = 'test-results/e2e-screens';
let served: ServedLibrary;
let page: Page;
let fx: Awaited<ReturnType<typeof fixtures>>;

test.describe.configure({ mode: 'serial' });

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(screens, `${name}.png`) });
}

/** How many photos carry `tag` in the catalog, read straight from SQLite. */
function taggedInCatalog(tag: string): number {
  const db = new Database(join(served.library, 'catalog.db'), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT COUNT(*) AS n FROM photo_tags pt JOIN tags t ON t.id = pt.tag_id WHERE t.name = ?').get(tag) as {
      n: number;
    };
    return row.n;
  } finally {
    db.close();
  }
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  await mkdir(screens, { recursive: true });
  fx = await fixtures();
  served = await serveLibrary(fx.immichModel);
  page = await browser.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

// Any error thrown in the page fails the test that caused it.
const pageErrors: string[] = [];
test.afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

test.afterAll(async () => {
  await page?.close();
  await served?.close();
});

test('first run: add the fixture folder through the folder browser; progress; the grid fills', async () => {
  await page.goto(served.url);
  await expect(page).not.toHaveURL(/token=/);
  await expect(page.getByTestId('first-run')).toBeVisible();
  await shot('01-welcome');
  await page.getByTestId('welcome-next').click();
  await page.getByTestId('add-folder').click();
  const browserDialog = page.getByTestId('folder-browser');
  await expect(browserDialog).toBeVisible();
  await page.getByTestId('folder-path').fill(fx.photos);
  await page.getByTestId('folder-path').press('Enter');
  await expect(page.getByTestId('dir-entry').filter({ hasText: 'family' })).toBeVisible();
  await shot('02-folder-browser');
  await page.getByTestId('choose-folder').click();
  await expect(page.getByTestId('firstrun-folders')).toContainText(fx.photos);
  await page.getByTestId('folders-next').click();
  await expect(page.getByTestId('model-list')).toBeVisible();
  await shot('03-model-step');
  await page.getByTestId('model-next').click();

  await expect(page.getByTestId('progress-area')).toBeVisible();
  await shot('04-progress');
  // Good photos plus the undecodable ones, which stay listed (with their error) rather than vanish.
  const { photos, broken } = fx.photosManifest;
  const expected = photos.length + broken.filter((b) => b.expect === 'error').length;
  await expect(page.getByTestId('nav-library')).toContainText(String(expected), { timeout: 60_000 });
  await expect(page.getByTestId('library-status')).toContainText(`${photos.length} searchable`, { timeout: 90_000 });
  await expect(page.getByTestId('photo-tile').first()).toBeVisible();
  expect(await page.getByTestId('photo-tile').count()).toBeGreaterThanOrEqual(Math.min(expected, 12));
  await expect(page.getByTestId('date-header').first()).toBeVisible();
  await shot('05-grid');
});

test('search a colour: the red photos come first', async () => {
  const reds = fx.photosManifest.photos.filter((p) => p.colour === 'red').length;
  await page.getByTestId('search-input').fill('red');
  await expect(page.getByTestId('search-hint')).toContainText('Looking for “red”');
  await expect(page.getByTestId('results-summary')).toBeVisible();
  const tiles = page.getByTestId('photo-tile');
  await expect(tiles.first()).toBeVisible();
  for (let i = 0; i < reds; i++) await expect(tiles.nth(i)).toHaveAttribute('aria-label', /^red-/);
  await shot('06-search-red');
});

test('open a photo: metadata and tags', async () => {
  await page.getByTestId('photo-tile').first().dblclick();
  const viewer = page.getByTestId('viewer');
  await expect(viewer).toBeVisible();
  const meta = page.getByTestId('photo-meta');
  await expect(meta).toContainText('Camera');
  const cameras = new Set(fx.photosManifest.photos.map((p) => p.make));
  await expect(meta).toContainText(new RegExp([...cameras].join('|')));
  await expect(page.getByTestId('photo-tags')).toBeVisible();
  await expect(page.getByTestId('viewer-image')).toHaveJSProperty('complete', true);
  await shot('07-viewer');
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await page.getByTestId('search-input').fill('');
});

test('tag review: bulk-apply a suggestion, it persists in SQLite and shows in the grid; undo', async () => {
  await page.getByTestId('nav-review').click();
  const empty = page.getByTestId('review-empty');
  const groups = page.getByTestId('review-group');
  await expect(empty.or(groups.first())).toBeVisible();
  // Suggestions may still be on their way after indexing: ask for them until the review has groups.
  await expect(async () => {
    if (await empty.isVisible()) await empty.getByRole('button', { name: 'Suggest tags now' }).click();
    await expect(groups.first()).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 90_000 });
  await expect(page.getByTestId('candidate').first()).toBeVisible();
  const tag = (await page.locator('.review-head h2').textContent())!.trim();
  const before = taggedInCatalog(tag);

  // Move the threshold to its minimum: every candidate becomes pre-selected, live.
  await page.getByTestId('threshold-slider').focus();
  await page.keyboard.press('Home');
  const candidates = await page.getByTestId('candidate').count();
  await expect(page.locator('[data-testid="candidate"][data-selected="true"]')).toHaveCount(candidates);
  await expect(page.getByTestId('apply-selected')).toHaveText(new RegExp(`Apply to ${candidates} photos?`));
  await shot('08-review');

  await page.getByTestId('apply-selected').click();
  await expect(page.getByTestId('toast-undo')).toBeVisible();
  await expect.poll(() => taggedInCatalog(tag)).toBe(before + candidates);
  await shot('09-review-applied');

  await page.getByTestId('nav-library').click();
  await expect(page.locator(`[data-testid="photo-tile"][data-tags*="${tag}"]`).first()).toBeVisible();
  await shot('10-grid-tagged');

  await page.getByTestId('undo-button').click();
  await expect.poll(() => taggedInCatalog(tag)).toBe(before);
  await expect(page.locator(`[data-testid="photo-tile"][data-tags*="${tag}"]`)).toHaveCount(0);
  await shot('11-undone');
});

test('keyboard: arrows move the selection, Enter opens, arrows step, Esc closes', async () => {
  const grid = page.getByTestId('photo-grid');
  await page.getByTestId('photo-tile').first().click();
  await expect(grid).toBeFocused();
  const first = page.locator('[data-testid="photo-tile"][data-index="0"]');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-testid="photo-tile"][data-index="1"]')).toHaveAttribute('aria-selected', 'true');
  await expect(first).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  await shot('12-keyboard-select');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('viewer')).toBeVisible();
  await expect(page.getByTestId('viewer')).toContainText('3 of');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('viewer')).toContainText('2 of');
  await shot('13-keyboard-viewer');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('viewer')).toBeHidden();
  await expect(grid).toBeFocused();

  await page.keyboard.press(' ');
  await expect(page.getByTestId('viewer')).toHaveClass(/is-quick/);
  await page.keyboard.press(' ');
  await expect(page.getByTestId('viewer')).toBeHidden();

  await page.keyboard.press('t');
  await expect(page.getByTestId('tag-input')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('tag-input')).toBeHidden();

  await page.getByTestId('photo-grid').focus();
  await page.keyboard.press('/');
  await expect(page.getByTestId('search-input')).toBeFocused();
});

test('settings: the dark theme applies at once and persists', async () => {
  await page.getByTestId('nav-settings').click();
  await page.getByText('Dark', { exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await shot('14-settings-dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByTestId('nav-library').click();
  await expect(page.getByTestId('photo-tile').first()).toBeVisible();
  await shot('15-library-dark');
});
