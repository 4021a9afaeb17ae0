/** Browser mode's sign-in kept per library: user-only permissions, reused across restarts, rotated on request. */
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSignIn, saveSignIn, signInFile } from '../../main/server/sign-in-store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shoebox-sign-in-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const noNotice = (why: string): never => {
  throw new Error(`unexpected notice: ${why}`);
};

describe('sign-in store', () => {
  it('makes a token once, saves it 0600, and gives the same token and port back after a restart', async () => {
    const first = await loadSignIn(dir, false, noNotice);
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(first.port).toBeNull();
    await saveSignIn(dir, { token: first.token, port: 18091 });
    expect((await stat(signInFile(dir))).mode & 0o777).toBe(0o600);
    expect(await loadSignIn(dir, false, noNotice)).toEqual({ token: first.token, port: 18091 });
  });

  it('rotates the token on request and keeps the port', async () => {
    await saveSignIn(dir, { token: 'a'.repeat(32), port: 18092 });
    const rotated = await loadSignIn(dir, true, noNotice);
    expect(rotated.token).not.toBe('a'.repeat(32));
    expect(rotated.port).toBe(18092);
  });

  it('tightens a file left readable by others', async () => {
    await writeFile(signInFile(dir), JSON.stringify({ token: 'b'.repeat(32), port: 1 }));
    await chmod(signInFile(dir), 0o644);
    await saveSignIn(dir, { token: 'b'.repeat(32), port: 2 });
    expect((await stat(signInFile(dir))).mode & 0o777).toBe(0o600);
  });

  it('replaces a damaged file with a new token and says so', async () => {
    await writeFile(signInFile(dir), '{"token": "short"}');
    const notices: string[] = [];
    const made = await loadSignIn(dir, false, (why) => notices.push(why));
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(notices).toEqual(['The saved sign-in file was damaged; a new one was made.']);
    expect(await readFile(signInFile(dir), 'utf8')).toBe('{"token": "short"}'); // only `saveSignIn` writes
  });
});
