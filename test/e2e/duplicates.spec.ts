/** Duplicates in Chromium with the trained world model: find the planted copies, resolve a group, undo it. */
import { expect, test, type Page } from '@playwright/test';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import type { DuplicateGroup, LibraryStatus, PhotoDetail } from '../../preload/contract.js';
import { WORLD_MODELS } from '../world/world-catalog.js';
import { worldSet } from '../world/world-set.js';
import { pageApi } from './page-api.js';
import { serveLibrary, type ServedLibrary } from './serve.js';

const screens = 'test-results/e2e-screens';
let served: ServedLibrary;
let page: Page;
let root: string;
const pageErrors: string[] = [];

test.describe.configure({ mode: 'serial' });

const call = pageApi(() => page);

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  await mkdir(screens, { recursive: true });
  root = await mkdtemp(join(tmpdir(), 'shoebox-e2e-dups-'));
  const photos = join(root, 'photos');
  await mkdir(photos);
  const set = worldSet(12);
  for (const p of set.photos) await copyFile(join(set.dir, p.file), join(photos, basename(p.file)));
  const first = basename(set.photos[0]!.file);
  await copyFile(join(photos, first), join(photos, `copy-of-${first}`));
  await sharp(join(photos, first))
    .resize(300)
    .toFile(join(photos, `small-${first}`));
  served = await serveLibrary(join(WORLD_MODELS, 'xenova'), { SHOEBOX_TRASH: join(root, 'Trash') });
  page = await browser.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(served.url);
  await call('addFolder', photos);
  await expect.poll(async () => (await call<LibraryStatus>('status')).counts.indexed, { timeout: 120_000 }).toBe(14);
  await page.reload();
});

test.afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

test.afterAll(async () => {
  await page?.close();
  await served?.close();
  await rm(root, { recursive: true, force: true });
});

test('finds the planted copies as one group, resolves it into the trash with the tags kept, and undoes it', async () => {
  await page.getByTestId('nav-duplicates').click();
  await page.getByTestId('find-duplicates').click();
  const group = page.getByTestId('duplicate-group');
  await expect(group).toHaveCount(1, { timeout: 60_000 });
  await expect(group.getByTestId('duplicate-photo')).toHaveCount(3);
  await page.screenshot({ path: join(screens, 'd01-duplicates.png') });

  const [found] = await call<DuplicateGroup[]>('findDuplicates', {});
  const removed = found!.photos.filter((p) => p.id !== found!.keepId);
  await call('addTags', { photoIds: [removed[0]!.id], names: ['Keepsake'] });
  await group.getByTestId('resolve-group').click();
  await expect(page.getByText(/Moved 2 photos to the trash; the kept photo gained 1 tag\./)).toBeVisible();
  expect(readdirSync(join(root, 'Trash', 'files')).sort()).toEqual(removed.map((p) => basename(p.path)).sort());
  expect((await call<PhotoDetail>('getPhoto', found!.keepId)).tags).toContain('Keepsake');
  await page.screenshot({ path: join(screens, 'd02-resolved.png') });

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('Put back 2 photos from the trash.')).toBeVisible();
  for (const p of removed) expect(existsSync(p.path)).toBe(true);
  expect((await call<PhotoDetail>('getPhoto', removed[0]!.id)).tags).toEqual(['Keepsake']);
  await expect(page.getByTestId('duplicate-group')).toHaveCount(1);
});
