/** Organising without a model, in Chromium: the folder tree with live counts, sort orders and sizes kept per view, the camera filter. */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import type { FolderNode, LibraryStatus } from '../../preload/contract.js';
import { pageApi } from './page-api.js';
import { serveLibrary, type ServedLibrary } from './serve.js';

const screens = 'test-results/e2e-screens';
let served: ServedLibrary;
let page: Page;
let photos: string;
const pageErrors: string[] = [];

test.describe.configure({ mode: 'serial' });

const shot = (name: string) => page.screenshot({ path: join(screens, `${name}.png`) });

const call = pageApi(() => page);

/** A JPEG of `side` px (bigger side → bigger file), taken on `day` of 2023 with `camera`. */
async function photo(rel: string, side: number, day: number, camera: [string, string]): Promise<void> {
  await mkdir(join(photos, rel, '..'), { recursive: true });
  const noise = Buffer.alloc(side * side * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + side * 31) % 251;
  await sharp(noise, { raw: { width: side, height: side, channels: 3 } })
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: camera[0], Model: camera[1], DateTime: `2023:03:${String(day).padStart(2, '0')} 10:00:00` } })
    .toFile(join(photos, rel));
}

const CANON: [string, string] = ['Canon', 'Canon EOS R6'];
const PHONE: [string, string] = ['Apple', 'iPhone 12'];

/** The test id of the element shown full screen, or null (the spec compiles without the DOM's types). */
const fullScreenTestId = () =>
  page.evaluate(() => {
    const doc = (globalThis as unknown as { document: { fullscreenElement: { getAttribute(name: string): string | null } | null } })
      .document;
    return doc.fullscreenElement ? doc.fullscreenElement.getAttribute('data-testid') : null;
  });

/** The photo count the folder tree shows for `dir`. */
const treeCount = (dir: string) => page.getByTestId('folder-tree').getByTestId(`tree-${dir}`).locator('.nav-count');

/** The file names of the tiles on screen, in grid order. */
const tileNames = () =>
  page.getByTestId('photo-tile').evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') ?? '').split(',')[0]));

test.beforeAll(async ({ browser }) => {
  test.setTimeout(240_000);
  await mkdir(screens, { recursive: true });
  photos = await mkdtemp(join(tmpdir(), 'shoebox-organise-'));
  await photo('b-top.jpg', 300, 5, CANON);
  await photo('2021/c-mid.jpg', 200, 9, PHONE);
  await photo('2021/summer/a-deep.jpg', 500, 1, CANON);
  await photo('2021/summer/d-deep.jpg', 100, 3, PHONE);
  await photo('2022/e.jpg', 400, 7, PHONE);
  execFileSync('exiftool', [
    '-overwrite_original',
    '-LensModel=RF24-105mm F4 L IS USM',
    '-FocalLength=50',
    '-FNumber=4',
    '-ExposureTime=1/250',
    '-ISO=400',
    join(photos, '2021/summer/a-deep.jpg'),
  ]);
  served = await serveLibrary(null, { SHOEBOX_TRASH: `${photos}-trash` });
  page = await browser.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(served.url);
  await call('addFolder', photos);
  await expect.poll(async () => (await call<FolderNode[]>('folderTree'))[0]?.totalCount, { timeout: 60_000 }).toBe(5);
  // Every photo read (dates taken from EXIF, not the files' times) before the orders are looked at.
  await expect.poll(async () => (await call<LibraryStatus>('status')).counts.read, { timeout: 60_000 }).toBe(5);
  await page.reload();
});

test.afterEach(() => {
  expect(pageErrors.splice(0)).toEqual([]);
});

test.afterAll(async () => {
  await page?.close();
  await served?.close();
  await rm(photos, { recursive: true, force: true });
  await rm(`${photos}-trash`, { recursive: true, force: true });
});

test('the folder tree shows every folder with its count; a folder shows its photos with or without subfolders', async () => {
  const tree = page.getByTestId('folder-tree');
  await expect(treeCount(photos)).toHaveText('5');
  await expect(treeCount(join(photos, '2021'))).toHaveText('3');
  await page.getByRole('button', { name: 'Open 2021' }).click();
  await expect(treeCount(join(photos, '2021', 'summer'))).toHaveText('2');
  await tree.getByTestId(`tree-${join(photos, '2021')}`).click();
  await expect(page.getByTestId('browsing')).toContainText('2021');
  await expect(page.getByTestId('photo-tile')).toHaveCount(3);
  await page.getByTestId('browsing').getByLabel('Include subfolders').uncheck();
  await expect(page.getByTestId('photo-tile')).toHaveCount(1);
  expect(await tileNames()).toEqual(['c-mid.jpg']);
  await shot('o01-folder-tree');
  await page.getByTestId('browsing').getByRole('button', { name: 'Back to the library' }).click();
  await expect(page.getByTestId('photo-tile')).toHaveCount(5);
});

test('sort by file name, date and size; the order and the thumbnail size stay after a reload and a visit elsewhere', async () => {
  expect(await tileNames()).toEqual(['c-mid.jpg', 'e.jpg', 'b-top.jpg', 'd-deep.jpg', 'a-deep.jpg']);
  await page.getByTestId('sort').selectOption('name');
  await expect.poll(tileNames).toEqual(['a-deep.jpg', 'b-top.jpg', 'c-mid.jpg', 'd-deep.jpg', 'e.jpg']);
  await page.getByLabel('Thumbnail size').fill('240');
  const width = () =>
    page
      .getByTestId('photo-tile')
      .first()
      .evaluate((e) => Math.round(e.getBoundingClientRect().width));
  const wide = await width();
  await page.getByTestId('nav-folders').click();
  await page.getByTestId('nav-library').click();
  await expect.poll(width).toBe(wide);
  await page.reload();
  await expect(page.getByTestId('sort')).toHaveValue('name');
  await expect.poll(tileNames).toEqual(['a-deep.jpg', 'b-top.jpg', 'c-mid.jpg', 'd-deep.jpg', 'e.jpg']);
  await expect.poll(width).toBe(wide);
  await page.getByTestId('sort').selectOption('size');
  await expect.poll(async () => (await tileNames())[0]).toBe('a-deep.jpg');
  await shot('o02-sorted');
});

test('the camera filter offers the cameras in the library and narrows to one', async () => {
  await page.getByRole('button', { name: 'Filters' }).click();
  const camera = page.getByTestId('filter-menu').getByLabel('Camera');
  await expect(camera.locator('option')).toHaveText(['Any camera', 'Apple iPhone 12 (3)', 'Canon EOS R6 (2)']);
  await camera.selectOption('Canon EOS R6');
  await page.getByTestId('filter-menu').getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('photo-tile')).toHaveCount(2);
  await shot('o03-camera-filter');
  await page.getByRole('button', { name: /^Remove filter / }).click();
  await expect(page.getByTestId('photo-tile')).toHaveCount(5);
});

test('the viewer shows the exposure, turns a photo without touching its file, zooms to 100 % and goes full screen', async () => {
  const file = join(photos, '2021/summer/a-deep.jpg');
  const before = readFileSync(file);
  await page.getByRole('option', { name: 'a-deep.jpg' }).dblclick();
  await expect(page.getByTestId('photo-exposure')).toHaveText('RF24-105mm F4 L IS USM · 50 mm · ƒ/4 · 1/250 s · ISO 400');
  const image = page.getByTestId('viewer-image');
  await page.keyboard.press('r');
  await expect(image).toHaveAttribute('data-rotation', '90');
  await page.getByRole('button', { name: 'Rotate left (Shift+R)' }).click();
  await page.getByRole('button', { name: 'Rotate left (Shift+R)' }).click();
  await expect(image).toHaveAttribute('data-rotation', '270');
  await page.getByRole('button', { name: 'Zoom to 100 % (Z)' }).click();
  await expect(page.getByTestId('viewer-canvas')).toHaveClass(/is-zoomed/);
  // At 100 % one image pixel is one screen pixel (the page's zoom is 1).
  await expect.poll(() => image.evaluate((img) => Math.round(img.getBoundingClientRect().width))).toBe(500);
  await page.getByRole('button', { name: 'Full screen (F)' }).click();
  await expect.poll(fullScreenTestId).toBe('viewer');
  await shot('o04-viewer');
  await page.keyboard.press('f');
  await expect.poll(fullScreenTestId).toBeNull();
  // Browser mode cannot open the file manager: the path is copied, and the toast says so.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(served.url).origin });
  await page.getByTestId('show-in-folder').click();
  await expect(page.getByText(`Copied ${file}`)).toBeVisible();
  expect(
    await page.evaluate(() =>
      (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
    ),
  ).toBe(file);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('viewer')).toHaveCount(0);
  await expect(page.getByRole('option', { name: 'a-deep.jpg' }).locator('img')).toHaveAttribute('data-rotation', '270');
  await page.reload();
  await expect(page.getByRole('option', { name: 'a-deep.jpg' }).locator('img')).toHaveAttribute('data-rotation', '270');
  expect(readFileSync(file).equals(before)).toBe(true);

  // Move to trash from the viewer (Delete), then Undo while the file is in the trash.
  const gone = join(photos, '2021/summer/d-deep.jpg');
  // The grid may be re-rendering after the rotation's change event: open the viewer again until it shows.
  await expect(async () => {
    await page.getByRole('option', { name: 'd-deep.jpg' }).dblclick();
    await expect(page.getByTestId('viewer')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.keyboard.press('Delete');
  await expect(page.getByText('Moved 1 photo to the trash.')).toBeVisible();
  await expect(page.getByTestId('photo-tile')).toHaveCount(4);
  // The trashed photo leaves the selection with the library: no "1 selected" bar for a photo that is gone.
  await expect(page.getByTestId('selection-count')).toHaveCount(0);
  await shot('o04b-viewer-trash');
  expect(existsSync(gone)).toBe(false);
  expect(readdirSync(join(`${photos}-trash`, 'files'))).toEqual(['d-deep.jpg']);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('Put back 1 photo from the trash.')).toBeVisible();
  await expect(page.getByTestId('photo-tile')).toHaveCount(5);
  expect(existsSync(gone)).toBe(true);
});

test('export the selected photos as JPEGs with their tags in sidecars and inside the copies, read back by exiftool', async () => {
  const out = join(photos, '..', `${basename(photos)}-export`);
  const tile = (name: string) => page.getByRole('option', { name: new RegExp(`^${name.replace('.', '\\.')}`) });
  await tile('b-top.jpg').click();
  await page.keyboard.press('t');
  const tagInput = page.getByRole('combobox', { name: 'Tag to add to the selected photos' });
  await tagInput.fill('Trips/Rome');
  await tagInput.press('Enter');
  await expect(tile('b-top.jpg')).toHaveAttribute('data-tags', 'Trips/Rome');
  await page.getByRole('button', { name: 'Done' }).click();
  await tile('e.jpg').click({ modifiers: ['Control'] });
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  await page.getByTestId('export-selected').click();
  const dialog = page.getByTestId('export-dialog');
  await dialog.getByLabel('Export folder').fill(out);
  await dialog.getByText('JPEG, turned as shown').click();
  await dialog.getByLabel('Longest side').selectOption('1024');
  await dialog.getByText('Tags inside the JPEG copies').click();
  await shot('o05-export-dialog');
  await dialog.getByTestId('export-start').click();
  await expect(page.getByText(`Exported 2 photos to ${out}.`)).toBeVisible({ timeout: 30_000 });
  expect(readdirSync(out).sort()).toEqual(['b-top.jpg', 'b-top.xmp', 'e.jpg']);
  expect(
    execFileSync('exiftool', ['-s3', '-XMP-lr:HierarchicalSubject', join(out, 'b-top.xmp')])
      .toString()
      .trim(),
  ).toBe('Trips|Rome');
  expect(
    execFileSync('exiftool', ['-s3', '-XMP-lr:HierarchicalSubject', join(out, 'b-top.jpg')])
      .toString()
      .trim(),
  ).toBe('Trips|Rome');
  expect(
    execFileSync('exiftool', ['-s3', '-FileType', join(out, 'e.jpg')])
      .toString()
      .trim(),
  ).toBe('JPEG');
  await rm(out, { recursive: true, force: true });
});

test('a manual album from the selection, and a smart album saved from a camera filter', async () => {
  const tile = (name: string) => page.getByRole('option', { name: new RegExp(`^${name.replace('.', '\\.')}`) });
  await tile('b-top.jpg').click();
  await tile('c-mid.jpg').click({ modifiers: ['Control'] });
  await page.getByTestId('add-to-album-button').click();
  await page.getByLabel('New album name').fill('Trip');
  await page.getByRole('button', { name: 'Make album' }).click();
  await expect(page.getByTestId('album-Trip').locator('.nav-count')).toHaveText('2');
  await page.getByTestId('album-Trip').click();
  await expect(page.getByTestId('album-banner')).toContainText('Album Trip');
  await expect.poll(async () => (await tileNames()).sort()).toEqual(['b-top.jpg', 'c-mid.jpg']);
  await shot('o06-album');
  await page.getByTestId('nav-library').click();
  await expect(page.getByTestId('photo-tile')).toHaveCount(5);

  await page.getByRole('button', { name: 'Filters' }).click();
  await page.getByTestId('filter-menu').getByLabel('Camera').selectOption('Apple iPhone 12');
  await page.getByTestId('filter-menu').getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('photo-tile')).toHaveCount(3);
  await page.getByTestId('save-smart-album').click();
  await page.getByLabel('Smart album name').fill('Phone shots');
  await page.getByLabel('Smart album name').press('Enter');
  await expect(page.getByTestId('album-Phone shots')).toBeVisible();
  await expect(page.getByTestId('album-banner')).toContainText('Smart album Phone shots');
  await page.getByTestId('nav-library').click();
  await expect(page.getByTestId('photo-tile')).toHaveCount(5);
});

test('a photo added to a watched subfolder later raises its counts in the tree', async () => {
  await photo('2022/f-later.jpg', 150, 2, PHONE);
  await expect(treeCount(photos)).toHaveText('6', { timeout: 60_000 });
  await expect(treeCount(join(photos, '2022'))).toHaveText('2');
  // The smart album saved before runs its filter again, in its saved order (file size): the new phone photo is in it.
  await page.getByTestId('sort').selectOption('date');
  await page.getByTestId('album-Phone shots').click();
  await expect(page.getByTestId('sort')).toHaveValue('size');
  await expect.poll(async () => (await tileNames()).sort()).toEqual(['c-mid.jpg', 'd-deep.jpg', 'e.jpg', 'f-later.jpg']);
  await shot('o07-smart-album');
});
