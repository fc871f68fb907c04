/**
 * Where the running app finds its parts, from the compiled main (dist/electron/main/main.js) — the same layout in
 * the repository (`npm start`) and inside app.asar: the built renderer in dist/renderer, the preload in
 * dist/electron/preload, package.json at the root. Plain Node so test/unit/packaging.test.ts can check the build.
 */
import { join } from 'node:path';

export function appPaths(mainDir: string): { root: string; renderer: string; preload: string; packageJson: string } {
  const root = join(mainDir, '..', '..', '..');
  return { root, renderer: join(root, 'dist', 'renderer'), preload: join(mainDir, '..', 'preload', 'preload.js'), packageJson: join(root, 'package.json') };
}
