/**
 * The architecture's layers are allow-lists enforced by ESLint (`sigla/layers`, eslint.config.mjs): an import a
 * layer's list does not name is an error, whatever form it takes (static, dynamic, re-export, `require`).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../helpers/cli.js';

function lint(filename: string, source: string): { status: number; out: string } {
  const r = spawnSync(process.execPath, [join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--stdin', '--stdin-filename', filename], {
    cwd: REPO,
    input: source,
    encoding: 'utf8',
  });
  return { status: r.status ?? -1, out: r.stdout + r.stderr };
}

function refused(filename: string, source: string): void {
  const r = lint(filename, source);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /sigla\/layers/);
}

function allowed(filename: string, source: string): void {
  const r = lint(filename, source);
  assert.equal(r.status, 0, r.out);
}

describe('layer rules', () => {
  for (const [what, source] of [
    ['node:fs', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    ['fs (without node:)', "import { readFileSync } from 'fs';\nexport const f = readFileSync;\n"],
    ['node:net', "import { connect } from 'node:net';\nexport const f = connect;\n"],
    ['node:child_process', "import { spawn } from 'node:child_process';\nexport const f = spawn;\n"],
    ['pkcs11js', "import * as p from 'pkcs11js';\nexport const f = p;\n"],
    ['electron', "import { app } from 'electron';\nexport const f = app;\n"],
    ['zod', "import { z } from 'zod';\nexport const f = z;\n"],
    ['the IPC contract', "import { PinStateSchema } from '../../shared/ipc/contract.js';\nexport const f = PinStateSchema;\n"],
    ['the token layer', "import { openTokenSigner } from '../token/openTokenSigner.js';\nexport const f = openTokenSigner;\n"],
    ['the app layer', "import { AppService } from '../../app/AppService.js';\nexport const f = AppService;\n"],
    ['io through a dynamic import', "export const f = () => import('../../io/AtomicFile.js');\n"],
    ['io through require', "export const f = require('../../io/AtomicFile.js');\n"],
  ] as const) {
    it(`electron/core may not import ${what}`, () => refused('electron/core/cades/probe.ts', source));
  }

  it('electron/core may import electron/shared, pure Node built-ins and a folder below it', () => {
    allowed('electron/core/cades/probe.ts', "import { SiglaError } from '../../shared/errors.js';\nexport const f = SiglaError;\n");
    allowed('electron/core/cades/probe.ts', "import { createHash } from 'node:crypto';\nexport const f = createHash;\n");
    allowed('electron/core/cades/probe.ts', "import { buildSignerInfo } from '../cms/SignerInfo.js';\nexport const f = buildSignerInfo;\n");
  });

  for (const [from, to, source] of [
    ['tsp', 'verify', "import { verifyFile } from '../verify/verifyFile.js';\nexport const f = verifyFile;\n"],
    ['cms', 'tsp', "import type { Timestamper } from '../tsp/Timestamper.js';\nexport type T = Timestamper;\n"],
    ['cert', 'cms', "import { parseSignedData } from '../cms/SignedData.js';\nexport const f = parseSignedData;\n"],
    ['tsl', 'verify', "export { verifyFile } from '../verify/verifyFile.js';\n"],
    ['asn1', 'cert', "import { parseCertificate } from '../cert/parseCertificate.js';\nexport const f = parseCertificate;\n"],
  ] as const) {
    it(`inside electron/core, ${from} may not import ${to} (no import runs back up)`, () => refused(`electron/core/${from}/probe.ts`, source));
  }

  it('electron/core may use pdf-lib in pdf/, not in cms/', () => {
    allowed('electron/core/pdf/probe.ts', "import { PDFDocument } from 'pdf-lib';\nexport const f = PDFDocument;\n");
    refused('electron/core/cms/probe.ts', "import { PDFDocument } from 'pdf-lib';\nexport const f = PDFDocument;\n");
  });

  it('the token layer may not import the app, the CLI or Electron', () => {
    refused('electron/token/probe.ts', "import { AppService } from '../app/AppService.js';\nexport const f = AppService;\n");
    refused('electron/token/probe.ts', "import { main } from '../cli/main.js';\nexport const f = main;\n");
    refused('electron/token/probe.ts', "import { app } from 'electron';\nexport const f = app;\n");
  });

  it('the CLI may not import electron or the app', () => {
    refused('electron/cli/probe.ts', "import { app } from 'electron';\nexport const f = app;\n");
    refused('electron/cli/probe.ts', "import { AppService } from '../app/AppService.js';\nexport const f = AppService;\n");
  });

  it('io/net/softkey may not import the token layer; net may not import io', () => {
    refused('electron/io/probe.ts', "import { selectToken } from '../token/selectToken.js';\nexport const f = selectToken;\n");
    refused('electron/net/probe.ts', "import { dataDir } from '../io/dataDir.js';\nexport const f = dataDir;\n");
    refused('electron/softkey/probe.ts', "import { selectToken } from '../token/selectToken.js';\nexport const f = selectToken;\n");
  });

  it("electron/shared's texts and codes may not import a schema library or the engine", () => {
    refused('electron/shared/i18n/probe.ts', "import { z } from 'zod';\nexport const f = z;\n");
    refused('electron/shared/probe.ts', "import { finding } from '../core/findings/Finding.js';\nexport const f = finding;\n");
  });

  it('main may import Electron and the app', () => {
    allowed('electron/main/probe.ts', "import { app } from 'electron';\nimport { AppService } from '../app/AppService.js';\nexport const f = [app, AppService];\n");
  });

  it('the renderer imports the IPC contract for its types only, and nothing else of electron/', () => {
    allowed('renderer/src/probe.ts', "import type { Channel } from '../../electron/shared/ipc/contract';\nexport type C = Channel;\n");
    refused('renderer/src/probe.ts', "import { PinStateSchema } from '../../electron/shared/ipc/contract';\nexport const f = PinStateSchema;\n");
    refused('renderer/src/probe.ts', "import { ERROR_CODES } from '../../electron/shared/errors';\nexport const f = ERROR_CODES;\n");
    refused('renderer/src/probe.tsx', "import { z } from 'zod';\nexport const F = () => <div>{String(z)}</div>;\n");
    allowed('renderer/src/probe.tsx', "import { useState } from 'react';\nimport './probe.css';\nexport const F = () => <div>{String(useState)}</div>;\n");
  });

  it('a file in no layer is an error until it is placed in one', () => {
    refused('electron/newLayer/probe.ts', 'export const f = 1;\n');
  });
});
