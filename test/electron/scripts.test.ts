/** The dev and build scripts fail with messages a person can act on. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../../scripts/bundles.mjs';

const run = (script: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(root, 'scripts', script), ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });

describe('scripts', () => {
  const electronInstalled = existsSync(join(root, 'node_modules', 'electron', 'path.txt'));

  it.skipIf(electronInstalled)('npm start without an Electron binary points to browser mode and exits 1', () => {
    const result = run('dev.mjs');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Electron's binary is not installed/);
    expect(result.stderr).toMatch(/npx shoebox serve/);
  });

  it('npm run build rejects an unknown step and names the valid ones', () => {
    const result = run('build.mjs', 'installer');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Unknown build step\(s\): installer\. Choose from: renderer, preload, main\./);
  });
});
