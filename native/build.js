#!/usr/bin/env node
/*
 * Builds the test-only PKCS#11 fault-injection shim (native/shim/sigla-pkcs11-shim.c) into
 * native/build/libsigla-pkcs11-shim.so. Run by `npm run build:native` (and so by `npm ci` through `prepare`).
 *
 * - Not Linux/macOS, or no C compiler: prints one line and exits 0 (Windows users run `npm ci` too).
 * - A compiler is there but the build fails: exits 1.
 * - Always rebuilds (a second or so). The library is written under a temporary name and renamed, so a process that
 *   has the previous one loaded keeps a consistent file.
 *
 * The PKCS#11 headers are the ones pkcs11js ships (node_modules/pkcs11js/includes/pkcs11); they define the Unix
 * platform macros (CK_PTR, CK_DECLARE_FUNCTION, ...) themselves, so nothing has to be defined before including them.
 * CC in the environment picks the compiler; otherwise cc, gcc, clang in that order.
 */
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const NATIVE = __dirname;
const REPO = path.resolve(NATIVE, '..');
const SRC = path.join(NATIVE, 'shim', 'sigla-pkcs11-shim.c');
const OUT_DIR = path.join(NATIVE, 'build');
const OUT = path.join(OUT_DIR, 'libsigla-pkcs11-shim.so');

function skip(why) {
  console.log(`native: PKCS#11 test shim not built (${why})`);
  process.exit(0);
}

/** True when `cmd --version` runs. */
function runs(cmd) {
  const r = spawnSync(cmd, ['--version'], { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

/** Directory holding pkcs11.h, pkcs11t.h, pkcs11f.h. */
function headerDir() {
  let base;
  try {
    base = path.dirname(require.resolve('pkcs11js/package.json', { paths: [REPO] }));
  } catch {
    base = path.join(REPO, 'node_modules', 'pkcs11js');
  }
  return path.join(base, 'includes', 'pkcs11');
}

function main() {
  if (process.platform !== 'linux' && process.platform !== 'darwin') skip(`${process.platform} is not supported`);
  const candidates = process.env.CC ? [process.env.CC] : ['cc', 'gcc', 'clang'];
  const cc = candidates.find(runs);
  if (!cc) skip('no C compiler found');

  const include = headerDir();
  if (!fs.existsSync(path.join(include, 'pkcs11.h'))) {
    console.error(`native: PKCS#11 headers not found in ${include} (is pkcs11js installed?)`);
    process.exit(1);
  }

  fs.mkdirSync(OUT_DIR, { recursive: true });
  const tmp = `${OUT}.tmp-${process.pid}`;
  const args = [
    '-shared', '-fPIC', '-O2', '-Wall', '-Wextra', '-Werror',
    '-fvisibility=hidden', // only C_GetFunctionList is exported
    '-I', include,
    '-o', tmp, SRC,
    '-ldl', '-lpthread',
  ];
  const r = spawnSync(cc, args, { stdio: 'inherit' });
  if (r.error || r.status !== 0) {
    fs.rmSync(tmp, { force: true });
    console.error(`native: building the PKCS#11 test shim failed (${cc} ${args.join(' ')})`);
    process.exit(1);
  }
  fs.renameSync(tmp, OUT);
  console.log(`native: built ${path.relative(REPO, OUT)}`);
}

main();
