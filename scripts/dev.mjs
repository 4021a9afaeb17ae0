// `npm start`: the Vite dev server (127.0.0.1:5173 from vite.config.ts), preload + main bundled once, then Electron on it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMain, buildPreload, root, viteConfigFile } from './bundles.mjs';

const browserModeHint = 'Use browser mode instead: `npx shoebox serve` starts the same app on http://127.0.0.1 for your browser.';

/** Path of the Electron executable, or null when its binary was never downloaded (it is fetched on first use). */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const name = readFileSync(pathFile, 'utf8').trim();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const file = override ? join(override, name) : join(pkg, 'dist', name);
  return existsSync(file) ? file : null;
}

const electron = electronBinary();
if (electron === null) {
  console.error(
    "Electron's binary is not installed (node_modules/electron/path.txt or dist/ is missing). It downloads from GitHub " +
      'on first use: run `npx install-electron` on a machine with internet, or set ELECTRON_OVERRIDE_DIST_PATH to an ' +
      `unpacked Electron.\n${browserModeHint}`,
  );
  process.exit(1);
}

const { createServer } = await import('vite');
const server = await createServer({ configFile: viteConfigFile });
await server.listen();
const devUrl = server.resolvedUrls?.local[0];
if (devUrl === undefined) {
  console.error('The Vite dev server did not report a local URL; check server.host in vite.config.ts.');
  await server.close();
  process.exit(1);
}
await Promise.all([buildPreload(), buildMain()]);
console.log(`Vite dev server on ${devUrl}; starting Electron`);

const child = spawn(electron, ['.', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SHOEBOX_DEV_URL: devUrl },
});
const stop = async (code) => {
  await server.close();
  process.exit(code);
};
child.on('error', (err) => {
  console.error(`Electron could not start: ${err.message}\n${browserModeHint}`);
  void stop(1);
});
child.on('exit', (code, signal) => {
  if (code !== 0) console.error(`Electron exited with ${signal ?? `code ${code}`}.\n${browserModeHint}`);
  void stop(code ?? 1);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
