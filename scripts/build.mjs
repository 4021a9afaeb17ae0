// `npm run build`: renderer (Vite) -> dist/renderer, preload + main (esbuild) -> dist/preload, dist/main.
// Usage: node scripts/build.mjs [renderer] [preload] [main]   (no argument = all three)
import { buildMain, buildPreload, buildRenderer } from './bundles.mjs';

const steps = { renderer: buildRenderer, preload: buildPreload, main: buildMain };
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in steps));
if (unknown.length > 0) {
  console.error(`Unknown build step(s): ${unknown.join(', ')}. Choose from: ${Object.keys(steps).join(', ')}.`);
  process.exit(2);
}

for (const name of wanted.length > 0 ? wanted : Object.keys(steps)) {
  const started = performance.now();
  try {
    await steps[name]();
  } catch (err) {
    console.error(`Building ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  console.log(`built ${name} in ${Math.round(performance.now() - started)} ms`);
}
