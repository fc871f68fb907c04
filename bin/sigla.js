#!/usr/bin/env node
'use strict';
// The `sigla` command; the code lives in dist/ (built by `npm ci` through the `prepare` script).

// V8's compiled code for Sigla's modules is kept between runs (node:module enableCompileCache, Node >= 22.1) in a
// per-user cache folder, never in the install folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off, and any failure
// only means compiling again.
try {
  const { enableCompileCache } = require('node:module');
  const { homedir } = require('node:os');
  const { join } = require('node:path');
  const env = process.env;
  const base =
    process.platform === 'win32'
      ? env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local')
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : env.XDG_CACHE_HOME || join(homedir(), '.cache');
  if (typeof enableCompileCache === 'function') enableCompileCache(join(base, 'sigla', 'compile-cache'));
} catch {
  // no cache: the modules are compiled as usual
}

require('../dist/electron/cli/main.js')
  .main(process.argv.slice(2))
  .then(async (code) => {
    process.exitCode = code;
    // Once main() has resolved every output is written and flushed and the token host has exited; what may remain
    // is text on stdout/stderr (asynchronous pipes on Windows), waited for here. Then exit at once instead of
    // letting Node tear the whole heap down on the natural path (~10-30 ms of every command's time).
    await Promise.all([process.stdout, process.stderr].map((s) => new Promise((resolve) => s.write('', () => resolve()))));
    process.exit(code);
  });
