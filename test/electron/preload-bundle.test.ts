/** The built preload: one CommonJS file whose only require is electron, and which runs with nothing else. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPreload } from '../../scripts/bundles.mjs';
import * as stub from './electron-stub.js';
import { apiChannels } from '../../preload/contract.js';

let outRoot: string;
let code: string;

beforeAll(async () => {
  outRoot = await mkdtemp(join(tmpdir(), 'shoebox-preload-'));
  await buildPreload(outRoot);
  code = await readFile(join(outRoot, 'dist', 'preload', 'index.cjs'), 'utf8');
});
afterAll(() => rm(outRoot, { recursive: true, force: true }));

describe('dist/preload/index.cjs', () => {
  it('requires nothing but electron and imports nothing', () => {
    const requires = [...code.matchAll(/\brequire\s*\(([^)]*)\)/g)].map((m) => m[1]);
    expect(requires.length).toBeGreaterThan(0);
    expect(new Set(requires)).toEqual(new Set(['"electron"']));
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).not.toMatch(/\bimport\s*\(/);
  });

  it('runs in a sandbox-like scope whose require knows only electron and exposes the bridge', () => {
    stub.resetElectron();
    const sandboxRequire = (name: string): unknown => {
      if (name === 'electron') return stub;
      throw new Error(`a sandboxed preload cannot require ${name}`);
    };
    const module = { exports: {} };
    // Runs the bundle the way Electron's sandboxed preload loader does: as a function of require/module/exports.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluating the built preload is what this test is for
    new Function('require', 'module', 'exports', code)(sandboxRequire, module, module.exports);
    const bridge = stub.contextBridge.exposed.get('shoebox') as { api: object };
    expect(Object.keys(bridge.api).sort()).toEqual(Object.keys(apiChannels).sort());
  });
});
