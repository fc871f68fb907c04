#!/usr/bin/env node
'use strict';
// The `sigla` command; the code lives in dist/ (built by `npm ci` through the `prepare` script).
require('../dist/electron/cli/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
