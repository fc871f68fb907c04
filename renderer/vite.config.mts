/**
 * Vite build of the renderer. Run from the repository root:
 *   npx vite build --config renderer/vite.config.mts   → dist/renderer (index.html + hashed assets)
 * TSX is compiled by Vite's built-in transformer (Oxc in Vite 8; no React plugin, no Babel).
 * The production bundle contains no inline script and no inline style, so it runs under the CSP in index.html.
 */
import { defineConfig, type Plugin } from 'vite';

/**
 * Dev server only (`vite --config renderer/vite.config.mts`): Vite injects CSS through <style> tags while serving, which
 * the strict CSP forbids, so the served page gets 'unsafe-inline' for styles and the dev server's websocket. Never
 * applied to `vite build`: the built index.html carries the policy exactly as written.
 */
function devServerCsp(): Plugin {
  return {
    name: 'sigla-dev-server-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'").replace("connect-src 'self'", "connect-src 'self' ws://localhost:*");
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  publicDir: false,
  plugins: [devServerCsp()],
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'react' },
  },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    // Keep every asset a file (fonts/images as data: URLs would still pass img-src, but files are simpler to audit).
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1', strictPort: false },
  preview: { host: '127.0.0.1' },
});
