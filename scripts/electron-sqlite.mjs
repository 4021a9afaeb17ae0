// Builds better-sqlite3 for Electron's ABI into .cache/electron-sqlite/<electron version>/better_sqlite3.node.
// node_modules keeps the Node build (tests, CLI, browser mode); main/platform/native-binding.ts loads this copy in
// unpackaged Electron. Needs internet: a prebuilt binary from GitHub, else Electron's headers for a source build.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { root } from './bundles.mjs';

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const electronVersion = readJson(join(root, 'node_modules', 'electron', 'package.json')).version;
const sqliteDir = join(root, 'node_modules', 'better-sqlite3');
const target = join(root, '.cache', 'electron-sqlite', electronVersion, 'better_sqlite3.node');
const bin = (name) => join(root, 'node_modules', '.bin', name);

// The machine's npmrc may say nodedir=/usr (Node's headers); that must not leak into an Electron build.
const env = { ...process.env };
for (const key of Object.keys(env)) if (key.toLowerCase() === 'npm_config_nodedir') delete env[key];

/** Runs one build attempt in the scratch copy; true when it produced build/Release/better_sqlite3.node. */
function attempt(label, command, args, cwd) {
  console.log(`${label}: ${command} ${args.join(' ')}`);
  const run = spawnSync(command, args, { cwd, env, stdio: 'inherit', timeout: 10 * 60_000 });
  const ok = run.status === 0 && existsSync(join(cwd, 'build', 'Release', 'better_sqlite3.node'));
  if (!ok) console.error(`${label} failed (${run.error?.message ?? `exit ${run.status}`}).`);
  return ok;
}

const scratch = mkdtempSync(join(tmpdir(), 'shoebox-electron-sqlite-'));
try {
  const work = join(scratch, 'better-sqlite3');
  cpSync(sqliteDir, work, { recursive: true, filter: (src) => !src.startsWith(join(sqliteDir, 'build')) });
  const built =
    attempt('prebuilt binary', bin('prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--verbose'], work) ||
    attempt(
      'source build',
      bin('node-gyp'),
      ['rebuild', '--release', '--runtime=electron', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers'],
      work,
    );
  if (!built) {
    console.error(
      `\nCould not build better-sqlite3 for Electron ${electronVersion}. Both ways need internet once: the prebuilt ` +
        'binary comes from GitHub releases, the source build needs headers from electronjs.org. Run this script on a ' +
        'connected machine (or copy its .cache/electron-sqlite folder here). Until then Electron cannot open the ' +
        'catalog in development; browser mode (`npx shoebox serve`) and the CLI use the Node build and keep working.',
    );
    process.exit(1);
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
  console.log(`Wrote ${target}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
