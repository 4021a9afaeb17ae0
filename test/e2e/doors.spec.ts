/**
 * Browser mode's doors in real Chromium: a foreign host name resolved to 127.0.0.1 (DNS rebinding) is refused even
 * with the token, while the real address works; the sign-in survives a restart and `--new-token` signs out.
 */
import { chromiumArgs } from '../../playwright.config.js';
import { expect, test, chromium, type Browser, type BrowserContext } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

test.describe.configure({ mode: 'serial' });

let root: string;
let browser: Browser;
let context: BrowserContext;
let serving: { child: ChildProcess; port: number } | null = null;
let firstLink: URL;
const pageErrors: string[] = [];

/** Starts `shoebox serve` on the test library (extra CLI flags allowed) and returns the sign-in link it prints. */
async function serve(...flags: string[]): Promise<URL> {
  const { child, url } = await spawnServe('library', flags);
  serving = { child, port: Number(url.port) };
  return url;
}

/** Spawns `shoebox serve` on library `name` under the test folder and waits for its sign-in link. */
async function spawnServe(name: string, flags: string[]): Promise<{ child: ChildProcess; url: URL }> {
  const child = spawn('npx', ['tsx', 'main/cli.ts', 'serve', '--library', join(root, name), '--json', ...flags], {
    env: { ...process.env, SHOEBOX_MODELS: join(root, 'models') },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('{')) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`shoebox serve exited with ${code}: ${stderr}`)));
  });
  return { child, url: new URL(url) };
}

/** Stops the main server and waits until its port is free again (so a restart can have it back). */
async function stop(): Promise<void> {
  const was = serving;
  serving = null;
  await kill(was?.child ?? null);
  while (was && (await portTaken(was.port))) await new Promise((r) => setTimeout(r, 50));
}

async function kill(child: ChildProcess | null): Promise<void> {
  if (child?.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'shoebox-doors-'));
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [...chromiumArgs, '--host-resolver-rules=MAP evil.example 127.0.0.1'],
  });
  context = await browser.newContext();
  context.on('page', (page) => page.on('pageerror', (err) => pageErrors.push(err.message)));
});

test.afterAll(async () => {
  await stop();
  await browser?.close();
  await rm(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
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
  const api = await page.evaluate(
    async (token) =>
      (await fetch('/api/status', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{"args":[]}' })).status,
    link.searchParams.get('token'),
  );
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

test('two servers in one browser keep their own sign-in: reloading the first still works', async () => {
  test.setTimeout(120_000);
  const first = await serve();
  const second = await spawnServe('second-library', ['--port', '0']);
  try {
    const a = await context.newPage();
    await a.goto(first.href);
    await expect(a.getByTestId('first-run')).toBeVisible();
    const b = await context.newPage();
    await b.goto(second.url.href);
    await expect(b.getByTestId('first-run')).toBeVisible();
    const names = (await context.cookies('http://127.0.0.1')).map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining([`shoebox_token_${first.port}`, `shoebox_token_${second.url.port}`]));
    expect(first.port).not.toBe(second.url.port);
    await a.goto(new URL('/', first).href); // the bookmark of the first, after the second signed in
    await expect(a.getByTestId('first-run')).toBeVisible();
    await a.close();
    await b.close();
  } finally {
    await kill(second.child);
  }
});
