/**
 * Browser mode's doors in real Chromium: a foreign host name resolved to 127.0.0.1 (DNS rebinding) is refused even
 * with the token, while the real address works; the sign-in survives a restart and `--new-token` signs out.
 */
import { expect, test, chromium, type Browser, type BrowserContext } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

test.describe.configure({ mode: 'serial' });

let root: string;
let browser: Browser;
let context: BrowserContext;
let serving: ChildProcess | null = null;
let firstLink: URL;
const pageErrors: string[] = [];

/** Starts `shoebox serve` on the test library (extra CLI flags allowed) and returns the sign-in link it prints. */
async function serve(...flags: string[]): Promise<URL> {
  const child = spawn('npx', ['tsx', 'main/cli.ts', 'serve', '--library', join(root, 'library'), '--json', ...flags], {
    env: { ...process.env, SHOEBOX_MODELS: join(root, 'models') },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  serving = child;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`shoebox serve exited with ${code}: ${stderr}`)));
  });
  return new URL(url);
}

async function stop(): Promise<void> {
  const child = serving;
  serving = null;
  if (child?.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'shoebox-doors-'));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--host-resolver-rules=MAP evil.example 127.0.0.1'],
  });
  context = await browser.newContext();
  context.on('page', (page) => page.on('pageerror', (err) => pageErrors.push(err.message)));
});

test.afterAll(async () => {
  await stop();
  await browser?.close();
  await rm(root, { recursive: true, force: true });
});

test.afterEach(() => {
  expect(pageErrors, 'renderer page errors').toEqual([]);
});

test('a foreign name resolved to 127.0.0.1 is refused even with the token; the real address works', async () => {
  test.setTimeout(120_000);
  const link = await serve('--port', '0');
  firstLink = link;
  const page = await context.newPage();
  const evil = await page.goto(`http://evil.example:${link.port}/?token=${link.searchParams.get('token')}`);
  expect(evil?.status()).toBe(403);
  await expect(page.locator('body')).toContainText('only answers at its own address');
  const api = await page.evaluate(async (token) => (await fetch('/api/status', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{"args":[]}' })).status, link.searchParams.get('token'));
  expect(api).toBe(403);
  expect((await context.cookies(`http://evil.example:${link.port}`)).length).toBe(0);

  const real = await page.goto(link.href);
  expect(real?.status()).toBe(200);
  await expect(page.getByTestId('first-run')).toBeVisible();
  expect((await context.cookies(link.origin)).map((c) => c.name)).toEqual([`shoebox_token_${link.port}`]);
  await page.close();
});

test('a bookmark keeps working after a restart; after --new-token it explains how to sign in', async () => {
  test.setTimeout(120_000);
  const first = new URL('/', firstLink);
  await stop();
  // Restarted without --port: the same library gets the same port and token back.
  const again = await serve();
  expect(again.origin).toBe(first.origin);
  const info = await stat(join(root, 'library', 'browser-sign-in.json'));
  expect(info.mode & 0o777).toBe(0o600);
  const bookmark = await context.newPage();
  await bookmark.goto(first.href);
  await expect(bookmark.getByTestId('first-run')).toBeVisible();
  await bookmark.close();

  await stop();
  const rotated = await serve('--new-token');
  expect(rotated.origin).toBe(first.origin);
  expect(rotated.searchParams.get('token')).not.toBe(again.searchParams.get('token'));
  const stale = await context.newPage();
  const answer = await stale.goto(first.href);
  expect(answer?.status()).toBe(401);
  await expect(stale.getByRole('heading')).toContainText('needs its sign-in link');
  await expect(stale.locator('body')).toContainText('shoebox serve');
  await stale.goto(rotated.href);
  await expect(stale.getByTestId('first-run')).toBeVisible();
  await stale.close();
});
