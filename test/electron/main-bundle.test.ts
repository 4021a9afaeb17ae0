/** The main-process bundles: every require is a Node builtin, electron, or an installed external package. */
import { builtinModules, createRequire } from 'node:module';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMain, mainEntries, mainExternals, root } from '../../scripts/bundles.mjs';

/** Optional native speed-ups that ws requires inside try/catch; absent is fine. */
const optional = new Set(['bufferutil', 'utf-8-validate']);
const resolveFromApp = createRequire(join(root, 'package.json')).resolve;

let outRoot: string;
beforeAll(async () => {
  outRoot = await mkdtemp(join(tmpdir(), 'shoebox-main-bundle-'));
  await buildMain(outRoot);
}, 120_000);
afterAll(() => rm(outRoot, { recursive: true, force: true }));

describe.each(mainEntries)('$out', (entry) => {
  it('requires only builtins, electron and installed externals, and has no import.meta left', async () => {
    const code = await readFile(join(outRoot, entry.out), 'utf8');
    const required = new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!));
    const unexpected = [...required].filter((name) => {
      if (name.startsWith('node:') || builtinModules.includes(name)) return false;
      const pkg = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!;
      return !mainExternals.includes(pkg);
    });
    expect(unexpected).toEqual([]);
    for (const name of required) {
      if (name.startsWith('node:') || builtinModules.includes(name) || optional.has(name) || name === 'electron') continue;
      expect(() => resolveFromApp(name), name).not.toThrow();
    }
    expect(code).not.toMatch(/\bimport\.meta\b/);
  });
});

describe('dist/main/index.cjs', () => {
  it('hosts core but keeps the heavy natives external', async () => {
    const code = await readFile(join(outRoot, 'dist', 'main', 'index.cjs'), 'utf8');
    expect(code).toContain('require("electron")');
    expect(code).toContain('require("better-sqlite3")');
    expect(code).not.toMatch(/\brequire\("\.{1,2}\//);
  });
});
