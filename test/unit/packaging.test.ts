/**
 * electron-builder.yml, checked statically (no packaging runs here: the Electron binary is not installed): valid
 * for app-builder-lib's own JSON schema, the Electron fuses of the issue, Linux deb + AppImage and Windows NSIS,
 * the file associations, no tests / harness / test shim in the package, pkcs11js rebuilt for Electron and unpacked
 * from the asar; and `npm start` / package.json "main" lead to the built main, preload and renderer.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { load } from 'js-yaml';
import { appPaths } from '../../electron/main/appPaths.js';
import { REPO } from '../helpers/cli.js';

interface Config {
  appId?: string;
  productName?: string;
  files?: string[];
  asar?: boolean;
  asarUnpack?: string[];
  npmRebuild?: boolean;
  buildDependenciesFromSource?: boolean;
  electronFuses?: Record<string, boolean>;
  linux?: { target?: string[]; category?: string; maintainer?: string };
  deb?: { depends?: string[]; recommends?: string[] };
  win?: { target?: string[] };
  nsis?: { oneClick?: boolean; perMachine?: boolean };
  fileAssociations?: { ext: string; name?: string; mimeType?: string; role?: string }[];
}

const config = load(readFileSync(join(REPO, 'electron-builder.yml'), 'utf8')) as Config;
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { main: string; scripts: Record<string, string>; dependencies: Record<string, string> };

describe('electron-builder.yml', () => {
  it("is valid for app-builder-lib's schema", () => {
    const schema = JSON.parse(readFileSync(join(REPO, 'node_modules', 'app-builder-lib', 'scheme.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allowUnionTypes: true });
    const validate = ajv.compile(schema);
    assert.equal(validate(config), true, JSON.stringify(validate.errors, null, 2));
    // The schema refuses unknown keys: a misspelt option would not pass.
    assert.equal(validate({ ...config, electronFuse: {} }), false);
    assert.equal(validate({ ...config, electronFuses: { ...config.electronFuses, runAsnode: false } }), false);
  });

  it('flips the fuses: no run-as-node, NODE_OPTIONS or inspect; asar integrity and asar-only loading', () => {
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    assert.equal(config.asar, true);
    // grantFileProtocolExtraPrivileges off needs the renderer off file://: main loads app://.
    const main = readFileSync(join(REPO, 'electron', 'main', 'main.ts'), 'utf8');
    assert.match(main, /loadURL\(APP_INDEX_URL\)/);
    assert.doesNotMatch(main, /loadFile\(/);
    // runAsNode off breaks child_process.fork in the app: main starts the token host as a utilityProcess.
    assert.match(main, /hostTransport: utilityHostTransport/);
  });

  it('builds deb and AppImage for Linux and an assisted NSIS installer for Windows', () => {
    assert.equal(config.appId, 'it.sigla.desktop');
    assert.equal(config.productName, 'Sigla');
    assert.deepEqual([...(config.linux?.target ?? [])].sort(), ['AppImage', 'deb']);
    assert.equal(config.linux?.category, 'Office');
    assert.match(config.linux?.maintainer ?? '', /\S+ <[^>]+@[^>]+>/);
    assert.ok(config.deb?.depends?.includes('libnss3'));
    assert.ok(config.deb?.recommends?.includes('pcscd'));
    assert.deepEqual(config.win?.target, ['nsis']);
    assert.equal(config.nsis?.oneClick, false);
    assert.equal(config.nsis?.perMachine, false, 'the installer asks: only for me, or for everyone');
  });

  it('associates p7m, p7s, m7m, tsd and pdf, with Italian names and MIME types', () => {
    const assoc = config.fileAssociations ?? [];
    assert.deepEqual(assoc.map((a) => a.ext).sort(), ['m7m', 'p7m', 'p7s', 'pdf', 'tsd']);
    for (const a of assoc) {
      assert.match(a.name ?? '', /^(Documento|Firma)/, a.ext);
      assert.match(a.mimeType ?? '', /^application\//, a.ext);
      assert.ok(a.role === 'Viewer' || a.role === 'Editor', a.ext);
    }
    assert.equal(assoc.find((a) => a.ext === 'pdf')?.role, 'Editor');
  });

  it('packages the app only: no tests, no harness, no test shim', () => {
    const files = config.files ?? [];
    for (const wanted of ['dist/electron/**', 'dist/node_modules/pdf-lib/**', 'dist/renderer/**', 'resources/**', 'package.json', '!dist/test/**', '!native/**']) assert.ok(files.includes(wanted), wanted);
    for (const f of files.filter((p) => !p.startsWith('!'))) assert.doesNotMatch(f, /^(dist\/)?(test|native)\b|harness|^dist\/\*\*$|^\*\*/, f);
    for (const u of config.asarUnpack ?? []) assert.doesNotMatch(u, /shim|native\//, u);
  });

  it('rebuilds pkcs11js for Electron and keeps its binary out of the asar', () => {
    assert.ok(pkg.dependencies['pkcs11js'], 'pkcs11js is a production dependency (packaged)');
    assert.equal(config.npmRebuild, true);
    assert.equal(config.buildDependenciesFromSource, true);
    assert.ok((config.asarUnpack ?? []).some((p) => /^node_modules\/pkcs11js\/\*\*$/.test(p)));
  });
});

describe('npm start', () => {
  it('runs Electron on the built app: main, preload, renderer and token host where main looks for them', () => {
    assert.equal(pkg.main, 'dist/electron/main/main.js');
    assert.match(pkg.scripts['start'] ?? '', /npm run build && npm run build:renderer && electron \.$/);
    const mainDir = join(REPO, 'dist', 'electron', 'main');
    assert.ok(existsSync(join(REPO, pkg.main)));
    const p = appPaths(mainDir);
    assert.equal(p.renderer, join(REPO, 'dist', 'renderer'));
    assert.equal(p.packageJson, join(REPO, 'package.json'));
    assert.equal(p.preload, join(REPO, 'dist', 'electron', 'preload', 'preload.js'));
    assert.ok(existsSync(p.preload));
    assert.ok(existsSync(join(REPO, 'dist', 'electron', 'token', 'host', 'hostProcess.js')));
  });
});
