/** A library through its changes, in Chromium: no model → browse real thumbnails and EXIF → import a model → search → switch models. */
import { expect, test, type Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SearchPage } from '../../preload/contract.js';
import { fixtures } from '../helpers/fixtures.js';
import { pageApi } from './page-api.js';
import { serveLibrary, type ServedLibrary } from './serve.js';

const screens = 'test-results/e2e-screens';
let served: ServedLibrary;
let page: Page;
let fx: Awaited<ReturnType<typeof fixtures>>;
const pageErrors: string[] = [];

test.describe.configure({ mode: 'serial' });

const shot = (name: string) => page.screenshot({ path: join(screens, `${name}.png`) });

const call = pageApi(() => page);

const red = () => call<SearchPage>('search', { query: 'red', includeWeak: true });
const ids = (p: SearchPage) => p.hits.map((h) => h.photo.id);

/** Imports a model folder through the Models page's folder browser and returns the name the page confirms. */
async function importThroughUi(dir: string): Promise<void> {
  await page.getByTestId('nav-models').click();
  await page.getByTestId('import-model').click();
  await page.getByTestId('folder-path').fill(dir);
  await page.getByTestId('folder-path').press('Enter');
  // The browser has opened the model folder once its sub-folders (visual/textual or onnx) are listed.
  await expect(
    page
      .getByTestId('dir-entry')
      .filter({ hasText: /^(visual|textual|onnx)$/ })
      .first(),
  ).toBeVisible();
  await page.getByTestId('choose-folder').click();
  await expect(page.getByTestId('imported-model')).toBeVisible({ timeout: 30_000 });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  await mkdir(screens, { recursive: true });
  fx = await fixtures();
  // Offline: Hugging Face (HF_ENDPOINT) is a closed port on this machine, so a download fails the way it does without internet.
  served = await serveLibrary(null, { HF_ENDPOINT: 'http://127.0.0.1:59' });
  page = await browser.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
});

test.afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

test.afterAll(async () => {
  await page?.close();
  await served?.close();
});

test('no model: the first run offers download and import side by side; photos show with thumbnails, dates and EXIF', async () => {
  await page.goto(served.url);
  await page.getByTestId('welcome-next').click();
  await page.getByTestId('add-folder').click();
  await page.getByTestId('folder-path').fill(fx.photos);
  await page.getByTestId('folder-path').press('Enter');
  await page.getByTestId('choose-folder').click();
  await page.getByTestId('folders-next').click();
  await expect(page.getByTestId('model-list')).toBeVisible();
  await expect(page.getByTestId('import-model')).toBeVisible();
  const download = page.getByRole('button', { name: /^Download / }).first();
  await expect(download).toBeVisible();
  await shot('j01-model-step');
  await download.click();
  // Offline the download fails: the card says why, and the step's own buttons stay reachable.
  await expect(page.getByTestId('model-card').locator('.warn')).toContainText(/Cannot reach .+ Check the internet connection/, {
    timeout: 30_000,
  });
  await expect(page.getByTestId('import-model')).toBeVisible();
  await shot('j01b-model-step-offline');
  await page.getByTestId('model-next').click({ trial: true });
  await page.getByTestId('model-next').click();

  await expect(page.getByTestId('model-missing')).toBeVisible();
  // The unreadable files are listed with the folder's failures; every readable photo gets a real thumbnail.
  const thumb = page.getByTestId('photo-tile').locator('img').first();
  await expect(thumb).toBeVisible({ timeout: 30_000 });
  await expect
    .poll(() => thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), { timeout: 30_000 })
    .toBeGreaterThan(0);
  const broken = fx.photosManifest.broken.map((b) => b.file.split('/').pop());
  const withoutThumb = () =>
    page
      .getByTestId('photo-tile')
      .evaluateAll((els) => els.filter((e) => !e.querySelector('img')).map((e) => e.getAttribute('aria-label') ?? ''));
  await expect.poll(async () => (await withoutThumb()).filter((name) => !broken.includes(name)), { timeout: 30_000 }).toEqual([]);
  const tile = page
    .getByTestId('photo-tile')
    .filter({ has: page.locator('img') })
    .first();
  const headers = await page.getByTestId('date-header').allTextContents();
  expect(headers.length).toBeGreaterThan(0);
  expect(headers.join(' ')).not.toContain('Date unknown');
  const good = fx.photosManifest.photos.length;
  await expect(page.getByTestId('library-status')).toContainText('search waits for a model', { timeout: 60_000 });
  await shot('j02-grid-without-model');

  await tile.dblclick();
  const meta = page.getByTestId('photo-meta');
  await expect(page.getByTestId('photo-date')).not.toContainText('Unknown');
  await expect(meta).toContainText('Camera');
  await expect(meta).toContainText(new RegExp([...new Set(fx.photosManifest.photos.map((p) => p.make))].join('|')));
  await shot('j03-viewer-exif-without-model');
  await page.keyboard.press('Escape');
  expect(good).toBeGreaterThan(0);
});

test('import a model: it is confirmed, used, indexes, and search works', async () => {
  await importThroughUi(fx.immichModel);
  await shot('j04-imported');
  await page.getByTestId('use-imported').click();
  const good = fx.photosManifest.photos.length;
  await expect(page.getByTestId('library-status')).toContainText(`${good} searchable`, { timeout: 120_000 });
  await page.getByTestId('nav-library').click();
  await page.getByTestId('search-input').fill('red');
  const reds = fx.photosManifest.photos.filter((p) => p.colour === 'red').length;
  for (let i = 0; i < reds; i++) await expect(page.getByTestId('photo-tile').nth(i)).toHaveAttribute('aria-label', /^red-/);
  await shot('j05-search-first-model');
  await page.getByTestId('search-input').fill('');
});

test('switch to a second model: every search meanwhile answers as before and the UI says who serves; then the new model answers', async () => {
  const before = await red();
  const firstKey = before.modelId!;
  expect(before.hits.length).toBeGreaterThan(0);
  await importThroughUi(fx.xenovaModel);
  await page.getByTestId('use-imported').click();
  await page.getByTestId('nav-library').click();
  await expect(page.getByTestId('model-switch')).toContainText(/Searching with .+ while .+ indexes: \d+ %/, { timeout: 30_000 });
  await shot('j06-switching');

  const during: SearchPage[] = [];
  for (;;) {
    const status = await call<{ switching: unknown }>('status');
    if (status.switching === null) break;
    during.push(await red());
    await page.waitForTimeout(150);
  }
  expect(during.length).toBeGreaterThan(0);
  for (const p of during) {
    if (p.modelId === firstKey) expect(ids(p)).toEqual(ids(before));
  }
  const after = await red();
  expect(after.modelId).not.toBe(firstKey);
  expect(after.hits.length).toBeGreaterThan(0);
  await expect(page.getByTestId('model-switch')).toBeHidden({ timeout: 30_000 });
  await page.getByTestId('search-input').fill('red');
  await expect(page.getByTestId('photo-tile').first()).toHaveAttribute('aria-label', /^red-/);
  await shot('j07-after-switch');
});

test('remove a folder: it asks first, says the tags are kept, and Undo brings the folder and its tags back', async () => {
  await page.getByTestId('nav-library').click();
  await page.getByTestId('search-input').fill('');
  const first = await call<{ photos: { id: number }[] }>('listPhotos', { offset: 0, limit: 200 });
  const tagged = first.photos.slice(-3).map((p) => p.id);
  await call('addTags', { photoIds: tagged, names: ['Keepsakes'] });
  await page.getByTestId('nav-folders').click();
  await page.getByRole('button', { name: `Remove ${fx.photos} from the library` }).click();
  const dialog = page.getByTestId('confirm-remove-folder');
  await expect(dialog).toContainText('Their tags are kept');
  await shot('j08-remove-folder-confirm');
  await dialog.getByTestId('confirm-button').click();
  await expect(page.getByTestId('folder-row')).toHaveCount(0);
  await expect(page.getByTestId('toast-undo')).toContainText('Files and tags are kept');
  await shot('j09-removed-with-undo');
  await page.getByTestId('undo-button').click();
  await expect(page.getByTestId('folder-row')).toHaveCount(1, { timeout: 30_000 });
  const tags = await call<{ name: string; photoCount: number }[]>('listTags');
  expect(tags.find((t) => t.name === 'Keepsakes')?.photoCount).toBe(3);
  await expect(page.getByTestId('folder-failures')).toContainText('could not be read');
  await shot('j10-folder-back-with-failures');
});

test('the inspector adds a tag with autocomplete: existing tags first, a new one only when chosen', async () => {
  await page.getByTestId('nav-library').click();
  const tile = page
    .getByTestId('photo-tile')
    .filter({ has: page.locator('img') })
    .first();
  await tile.dblclick();
  const input = page.getByTestId('viewer-tag-input');
  await input.fill('keep');
  const options = page.getByTestId('viewer-tag-input-options').getByRole('option');
  await expect(options.first()).toContainText('Keepsakes');
  await shot('j11-inspector-autocomplete');
  await input.press('Enter');
  await expect(page.getByTestId('photo-tags')).toContainText('Keepsakes');
  await page.keyboard.press('Escape');
});
