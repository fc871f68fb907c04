/** The architecture's layer rules are enforced by ESLint: an import that breaks them is an error. */
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

describe('layer rules', () => {
  for (const [what, source] of [
    ['node:fs', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n"],
    ['pkcs11js', "import * as p from 'pkcs11js';\nexport const f = p;\n"],
    ['electron', "import { app } from 'electron';\nexport const f = app;\n"],
    ['the token layer', "import { openTokenSigner } from '../token/openTokenSigner.js';\nexport const f = openTokenSigner;\n"],
  ] as const) {
    it(`electron/core may not import ${what}`, () => {
      const r = lint('electron/core/cades/probe.ts', source);
      assert.equal(r.status, 1, r.out);
      assert.match(r.out, /no-restricted-imports/);
    });
  }

  it('electron/core may import electron/shared', () => {
    const r = lint('electron/core/cades/probe.ts', "import { SiglaError } from '../../shared/errors.js';\nexport const f = SiglaError;\n");
    assert.equal(r.status, 0, r.out);
  });

  it('the CLI may not import electron', () => {
    const r = lint('electron/cli/probe.ts', "import { app } from 'electron';\nexport const f = app;\n");
    assert.equal(r.status, 1, r.out);
  });
});
