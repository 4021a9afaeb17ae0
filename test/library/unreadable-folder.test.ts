/** A folder the scanning user may not read is reported by path with the reason (run as an unprivileged user). */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { writePhoto } from './harness.js';

const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CHILD = fileURLToPath(new URL('./scan-as-child.ts', import.meta.url));
const NOBODY = 65534;

/** Root cannot be denied a read, so as root the scan runs as `nobody` (setpriv); otherwise as the current user. */
function scanAsUnprivileged(
  root: string,
  catalogFile: string,
): { uid: number; photos: string[]; unreadable: { path: string; reason: string }[] } {
  const node = [process.execPath, '--import', TSX, CHILD, root, catalogFile];
  const asRoot = process.getuid?.() === 0;
  const [cmd, ...args] = asRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...node] : node;
  return JSON.parse(execFileSync(cmd!, args, { encoding: 'utf8', timeout: 60_000 })) as ReturnType<typeof scanAsUnprivileged>;
}

const base = mkdtempSync(join(tmpdir(), 'shoebox-perm-'));
afterAll(() => {
  chmodSync(join(base, 'Pictures', 'locked'), 0o755);
  rmSync(base, { recursive: true, force: true });
});

describe('unreadable folders', () => {
  it('are listed by path with the reason, and the photos beside them are indexed', async () => {
    chmodSync(base, 0o777);
    const root = join(base, 'Pictures');
    await writePhoto(join(root, 'a.jpg'), { r: 200, g: 0, b: 0 });
    await writePhoto(join(root, 'open', 'b.jpg'), { r: 0, g: 200, b: 0 });
    await writePhoto(join(root, 'locked', 'c.jpg'), { r: 0, g: 0, b: 200 });
    mkdirSync(join(base, 'lib'));
    chmodSync(join(base, 'lib'), 0o777);
    chmodSync(join(root, 'locked'), 0o000);
    const result = scanAsUnprivileged(root, join(base, 'lib', 'catalog.db'));
    expect(result.uid).not.toBe(0);
    expect(result.photos).toEqual([join(root, 'a.jpg'), join(root, 'open', 'b.jpg')]);
    expect(result.unreadable).toEqual([
      { path: join(root, 'locked'), reason: 'Folder cannot be read (permission denied), so nothing in it is indexed' },
    ]);
    chmodSync(join(root, 'locked'), 0o755);
    const again = scanAsUnprivileged(root, join(base, 'lib', 'catalog.db'));
    expect(again.photos).toEqual([join(root, 'a.jpg'), join(root, 'locked', 'c.jpg'), join(root, 'open', 'b.jpg')]);
    expect(again.unreadable).toEqual([]);
  });
});
