/** End to end, tags: suggestions arrive in Review without a click, late photos get theirs, the Tags page and autocomplete. */
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PhotoPage } from '../../preload/contract.js';
import { fixtures } from '../helpers/fixtures.js';
import { tokenApi } from './page-api.js';
import { serveLibrary, type ServedLibrary } from './serve.js';

const screens = 'test-results/e2e-screens';
let served: ServedLibrary;
let page: Page;
let folder: string;
let fx: Awaited<ReturnType<typeof fixtures>>;

test.describe.configure({ mode: 'serial' });

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(screens, `tags-${name}.png`) });
}

const call = tokenApi(() => served.url);

/** Photos per tag name, read straight from SQLite. */
function tagCounts(): Record<string, number> {
  const db = new Database(join(served.library, 'catalog.db'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT t.name, COUNT(pt.photo_id) AS n FROM tags t LEFT JOIN photo_tags pt ON pt.tag_id = t.id GROUP BY t.id')
      .all() as { name: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.name, r.n]));
  } finally {
    db.close();
  }
}

async function photoIds(): Promise<{ id: number; path: string; tags: string[] }[]> {
  return (await call<PhotoPage>('listPhotos', { offset: 0, limit: 200 })).photos;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  await mkdir(screens, { recursive: true });
  fx = await fixtures();
  served = await serveLibrary(fx.immichModel);
  folder = await mkdtemp(join(tmpdir(), 'shoebox-e2e-tags-'));
  for (const p of fx.photosManifest.photos.filter((p) => !p.file.includes('/')))
    await copyFile(join(fx.photos, p.file), join(folder, p.file));
  await call('addFolder', folder);
  page = await browser.newPage();
  page.on('pageerror', (err) => console.error('page error:', err.message));
});

test.afterAll(async () => {
  await page?.close();
  await served?.close();
  await rm(folder, { recursive: true, force: true });
});

test('index → suggestions appear in Review without any click, marked uncalibrated; late photos get theirs', async () => {
  await page.goto(served.url);
  await page.getByTestId('nav-review').click();
  await expect(page.getByTestId('review-group').first()).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('uncalibrated-note')).toBeVisible();
  await expect(page.getByTestId('candidate').first()).toBeVisible();
  await shot('01-review-on-its-own');
  expect(tagCounts()).toEqual({});

  const late = join(folder, 'late-red-circle-9.jpg');
  await copyFile(join(fx.photos, 'red-circle-1.jpg'), late);
  await expect
    .poll(
      async () => {
        const photo = (await photoIds()).find((p) => p.path === late);
        if (!photo) return [];
        return (await call<{ suggestions: { tag: string }[] }>('getPhoto', photo.id)).suggestions.map((s) => s.tag);
      },
      { timeout: 120_000 },
    )
    .toContain('Colours/Red');
  await page.getByTestId('review-group').filter({ hasText: 'Colours/Red' }).click();
  await expect(page.getByTestId('candidate')).toHaveCount(2);
  await shot('02-late-photo-suggested');
});

test('autocomplete: existing tags first; a new tag only as an explicit "Create new tag" choice', async () => {
  await page.getByTestId('nav-library').click();
  const tiles = page.getByTestId('photo-tile');
  await tiles.nth(0).click();
  await page.keyboard.press('t');
  const input = page.getByTestId('tag-input');
  await input.fill('Trips/Beahc');
  const options = page.getByTestId('tag-input-options').getByRole('option');
  await expect(options.last()).toHaveText('Create new tag “Trips/Beahc”');
  await input.fill('Trips/Beach');
  await expect(options.first()).toHaveText('Create new tag “Trips/Beach”');
  await input.press('Enter');
  await expect.poll(() => tagCounts()['Trips/Beach']).toBe(1);
  await page.getByRole('button', { name: 'Done' }).click();

  await tiles.nth(1).click();
  await page.keyboard.press('t');
  await input.fill('beach');
  await expect(options.first()).toHaveAttribute('data-kind', 'tag');
  await expect(options.first()).toContainText('Trips/Beach');
  await shot('03-autocomplete');
  await input.press('Enter');
  await expect.poll(() => tagCounts()['Trips/Beach']).toBe(2);
  await page.getByRole('button', { name: 'Done' }).click();
  expect(Object.keys(tagCounts())).toEqual(['Trips/Beach']);
});

test('Tags page: tree with counts; rename (move), merge, delete, each undone', async () => {
  const untagged = (await photoIds()).filter((p) => p.tags.length === 0).map((p) => p.id);
  await call('addTags', { photoIds: untagged.slice(0, 3), names: ['Trips/Sunset'] });
  await page.getByTestId('nav-tags').click();
  const row = (tag: string) => page.locator(`[data-testid="tag-row"][data-tag="${tag}"]`);
  await expect(row('Trips')).toContainText('5');
  await expect(row('Trips/Beach')).toContainText('2');
  await expect(row('Trips/Sunset')).toContainText('3');
  await shot('04-tree');

  const undo = async (): Promise<void> => {
    await page.getByTestId('undo-button').last().click();
  };
  await row('Trips/Sunset').getByRole('button', { name: 'Sunset' }).click();
  await page.getByTestId('rename-input').fill('Holidays/Sunset');
  await page.getByTestId('rename-tag').click();
  await expect(row('Holidays/Sunset')).toContainText('3');
  await expect.poll(() => tagCounts()).toEqual({ 'Trips/Beach': 2, 'Holidays/Sunset': 3 });
  await shot('05-moved');
  await undo();
  await expect.poll(() => tagCounts()).toEqual({ 'Trips/Beach': 2, 'Trips/Sunset': 3 });
  await expect(row('Trips/Sunset')).toBeVisible();

  await row('Trips/Beach').getByRole('button', { name: 'Beach' }).click();
  await page.getByTestId('merge-tag').click();
  await page.getByTestId('merge-input').fill('sun');
  await page.getByTestId('merge-input').press('Enter');
  await expect.poll(() => tagCounts()).toEqual({ 'Trips/Sunset': 5 });
  await shot('06-merged');
  await undo();
  await expect.poll(() => tagCounts()).toEqual({ 'Trips/Beach': 2, 'Trips/Sunset': 3 });

  await row('Trips/Beach').getByRole('button', { name: 'Beach' }).click();
  await page.getByTestId('delete-tag').click();
  await expect.poll(() => tagCounts()).toEqual({ 'Trips/Sunset': 3 });
  await undo();
  await expect.poll(() => tagCounts()).toEqual({ 'Trips/Beach': 2, 'Trips/Sunset': 3 });
  await expect(row('Trips/Beach')).toContainText('2');
});

test('multi-tag filter: any of, none of', async () => {
  const total = (await photoIds()).length;
  const row = (tag: string) => page.locator(`[data-testid="tag-row"][data-tag="${tag}"]`);
  await row('Trips/Beach').getByRole('checkbox').check();
  await row('Trips/Sunset').getByRole('checkbox').check();
  await page.getByTestId('tag-mode').selectOption('any');
  await shot('07-filter');
  await page.getByTestId('tag-filter-apply').click();
  await expect(page.getByTestId('photo-tile')).toHaveCount(5);
  await shot('08-filter-any');
  await page.getByTestId('nav-tags').click();
  await row('Trips/Beach').getByRole('checkbox').check();
  await row('Trips/Sunset').getByRole('checkbox').check();
  await page.getByTestId('tag-mode').selectOption('none');
  await page.getByTestId('tag-filter-apply').click();
  await expect(page.getByTestId('photo-tile')).toHaveCount(total - 5);
});
