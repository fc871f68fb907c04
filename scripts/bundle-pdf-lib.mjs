#!/usr/bin/env node
// pdf-lib in one file for Sigla's compiled code (issue 13, start-up of verify and PAdES signing).
//
// pdf-lib's CommonJS build is 173 small modules (its own, tslib, pako, the standard fonts): Node resolves, reads and
// compiles each of them, which costs every `sigla verify` or PAdES signature ~110-170 ms on this project's machines
// before the first PDF byte is read. This script joins those same CommonJS modules into dist/node_modules/pdf-lib
// with rolldown. Each module keeps its own `exports` object and is still reached through it, so the pieces of
// pdf-lib that Sigla replaces at run time (core/pdf/pdfParseTicks.ts, pdfScanShortcuts.ts, pdfLimits.ts: prototype
// methods and `utils` functions) are replaced in the very code pdf-lib runs. Names are kept (loadPdf reports a
// pdf-lib error by its class name); only white space and comments go, and non-ASCII characters become escapes.
//
// Node finds dist/node_modules/pdf-lib before the project's node_modules/pdf-lib for everything under dist/ (the
// engine and the compiled tests alike, so they share one pdf-lib); the TypeScript types still come from the
// package. Where this folder is absent (a bare `tsc`, a package that leaves it out) Node falls back to the package
// itself: slower, the same behaviour. Run by `npm run build` after tsc.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'node_modules', 'pdf-lib');
const require = createRequire(join(ROOT, 'package.json'));
const pkgJson = require.resolve('pdf-lib/package.json');
const pkgDir = dirname(pkgJson);
const pkg = JSON.parse(readFileSync(pkgJson, 'utf8'));
const index = join(pkgDir, pkg.main);
const utils = join(pkgDir, 'cjs', 'utils', 'index.js');

rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(OUT, 'cjs', 'utils'), { recursive: true });

// One entry that hands out both objects Sigla imports: the package's index and its utils module.
const ENTRY = '\0sigla-pdf-lib-entry';
const licence = readFileSync(join(pkgDir, 'LICENSE.md'), 'utf8').trim();
await build({
  input: ENTRY,
  platform: 'node',
  logLevel: 'warn',
  external: (id) => id.startsWith('node:'),
  // Resolved as Node's require() would (tslib's CommonJS file, not its ES module build).
  resolve: { mainFields: ['main'], conditionNames: ['require', 'node', 'default'] },
  plugins: [
    {
      name: 'sigla-pdf-lib-entry',
      resolveId: (id) => (id === ENTRY ? id : null),
      load: (id) => (id === ENTRY ? `exports.lib = require(${JSON.stringify(index)});\nexports.utils = require(${JSON.stringify(utils)});\n` : null),
    },
  ],
  output: {
    file: join(OUT, 'bundle.js'),
    format: 'cjs',
    codeSplitting: false,
    keepNames: true,
    // Only ASCII (\uXXXX escapes): V8 then keeps the source as one byte per character, read and hashed by the
    // compile cache in half the time of a two-byte string.
    minify: { compress: false, mangle: false, codegen: { removeWhitespace: true, asciiOnly: true } },
  },
});

// The licence travels with the code (the minifier drops comments, banners included).
const bundle = join(OUT, 'bundle.js');
const notice = `/* pdf-lib ${pkg.version} (${pkg.license}) and the modules it requires (tslib, pako, @pdf-lib/standard-fonts, @pdf-lib/upng,\n   each under its own licence in node_modules), joined by Sigla's scripts/bundle-pdf-lib.mjs.\n${licence.replace(/\*\//g, '* /')}\n*/\n`;
writeFileSync(bundle, notice + readFileSync(bundle, 'utf8'));
writeFileSync(join(OUT, 'package.json'), `${JSON.stringify({ name: 'pdf-lib', version: pkg.version, license: pkg.license, private: true, main: 'index.js' }, null, 2)}\n`);
writeFileSync(join(OUT, 'index.js'), "'use strict';\nmodule.exports = require('./bundle.js').lib;\n");
writeFileSync(join(OUT, 'cjs', 'utils', 'index.js'), "'use strict';\nmodule.exports = require('../../bundle.js').utils;\n");
process.stdout.write(`pdf-lib ${pkg.version} → ${OUT}\n`);
