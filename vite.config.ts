/** Vite: builds the renderer (root renderer/) into dist/renderer with relative asset paths for file:// and the server. */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('./renderer', import.meta.url));

/**
 * Dev server only: React Fast Refresh injects an inline preamble script, which the page's strict CSP
 * (`script-src 'self'`) blocks. Allow inline scripts while serving; the production build keeps the strict policy.
 */
function devCsp(): Plugin {
  return {
    name: 'shoebox-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), devCsp()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
});
