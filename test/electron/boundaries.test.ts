/** The process boundary: only the Electron glue imports `electron`, only main/ipc.ts touches ipcMain. */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../../scripts/bundles.mjs';

/** Every .ts/.tsx file under the given folders, as repository-relative paths with forward slashes. */
async function sources(...dirs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs) {
    for (const entry of await readdir(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.tsx?$/.test(entry.name)) out.push(relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
    }
  }
  return out;
}

const importsElectron = /\bfrom\s+['"]electron['"]|\brequire\(\s*['"]electron['"]\s*\)|\bimport\(\s*['"]electron['"]\s*\)/;
const mayImportElectron = (file: string): boolean =>
  file === 'main/index.ts' || file === 'main/ipc.ts' || file === 'preload/index.ts' || file.startsWith('main/platform/');

describe('process boundary', () => {
  it('keeps electron out of core, the CLI, the server and the renderer', async () => {
    const offenders: string[] = [];
    for (const file of await sources('main', 'preload', 'renderer')) {
      if (!mayImportElectron(file) && importsElectron.test(await readFile(join(root, file), 'utf8'))) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });

  it('binds ipcMain in main/ipc.ts only and uses ipcRenderer in the preload only', async () => {
    const offenders: string[] = [];
    for (const file of await sources('main', 'preload', 'renderer')) {
      const code = await readFile(join(root, file), 'utf8');
      if (/\bipcMain\b/.test(code) && file !== 'main/ipc.ts') offenders.push(file);
      if (/\bipcRenderer\b/.test(code) && file !== 'preload/index.ts') offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
