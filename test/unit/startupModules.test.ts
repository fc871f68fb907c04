/**
 * Issue 13 item 5: commands that only print or list (`--version`, `--help`, `modules`, `tokens`) load their command
 * module on demand and never the signing or verification engine's libraries. Proven by recording, in the child
 * process, every module it loads (test/helpers/moduleLoadRecorder), not by timing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO, SIGLA } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'sigla-startup-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const RECORDER = join(REPO, 'dist', 'test', 'helpers', 'moduleLoadRecorder.js');

/** Runs `sigla args` with the recorder preloaded; returns its exit status and the modules it loaded. */
function loadedBy(args: readonly string[], input?: string): { status: number; modules: string[]; out: string } {
  const log = join(dir, `${args.join('_').replace(/[^a-z_]/gi, '')}.txt`);
  const r = spawnSync(process.execPath, ['--require', RECORDER, SIGLA, ...args], {
    ...(input !== undefined ? { input } : {}),
    env: { ...process.env, LANG: 'C.UTF-8', SIGLA_TEST_MODULE_LOG: log, SIGLA_DATA_DIR: join(dir, 'data') },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status ?? -1, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean), out: r.stdout + r.stderr };
}

/** The modules of `pkg` among `modules` (files under node_modules/pkg/). */
function fromPackage(modules: readonly string[], pkg: string): string[] {
  return modules.filter((m) => m.includes(`${sep}node_modules${sep}${pkg}${sep}`));
}

/** The engine's verification modules (dist/electron/core/verify/) among `modules`. */
function verifyEngine(modules: readonly string[]): string[] {
  return modules.filter((m) => m.includes(`${sep}electron${sep}core${sep}verify${sep}`));
}

describe('start-up: what a command loads', () => {
  for (const args of [['--version'], ['--help'], ['modules', '--json'], ['tokens', '--json']]) {
    it(`sigla ${args.join(' ')} loads neither pdf-lib, node-forge nor the verification engine`, () => {
      const r = loadedBy(args);
      assert.equal(r.status, 0, r.out);
      assert.ok(r.modules.some((m) => m.endsWith(join('electron', 'cli', 'main.js'))), 'the recorder saw the command itself');
      assert.deepEqual(fromPackage(r.modules, 'pdf-lib'), []);
      assert.deepEqual(fromPackage(r.modules, 'node-forge'), []);
      assert.deepEqual(fromPackage(r.modules, 'fontkit'), [], 'the appearance fonts are loaded only for a visible signature');
      assert.deepEqual(verifyEngine(r.modules), []);
    });
  }

  for (const args of [['--version'], ['--help'], ['modules', '--json'], ['tokens', '--json']]) {
    it(`sigla ${args.join(' ')} does not load zod either`, () => {
      assert.deepEqual(fromPackage(loadedBy(args).modules, 'zod'), []);
    });
  }

  it('sigla sign --format cades does not load pdf-lib (the PAdES engine is loaded only for a PDF)', () => {
    const key = join(dir, 'k.pem');
    const cert = join(dir, 'c.pem');
    const p12 = join(dir, 'k.p12');
    const gen = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=Sigla start-up', '-days', '2', '-addext', 'keyUsage=critical,nonRepudiation'], { encoding: 'utf8' });
    assert.equal(gen.status, 0, gen.stderr);
    const exp = spawnSync('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-out', p12, '-passout', 'pass:segreto'], { encoding: 'utf8' });
    assert.equal(exp.status, 0, exp.stderr);
    writeFileSync(join(dir, 'delibera.txt'), 'Delibera\n');
    const r = loadedBy(['sign', join(dir, 'delibera.txt'), '--format', 'cades', '--p12', p12, '--pin-stdin', '--out', join(dir, 'delibera.txt.p7m')], 'segreto\n');
    assert.equal(r.status, 0, r.out);
    assert.ok(r.modules.some((m) => m.includes(`${sep}core${sep}cades${sep}`)), 'the CAdES engine was loaded');
    assert.deepEqual(fromPackage(r.modules, 'pdf-lib'), []);
    assert.deepEqual(fromPackage(r.modules, 'fontkit'), []);
  });

  it('the recorder sees the libraries a command does load (sigla verify loads pdf-lib and the verification engine)', () => {
    const r = loadedBy(['verify', join(dir, 'missing.pdf')]);
    assert.notEqual(r.status, 0, r.out);
    assert.notDeepEqual(fromPackage(r.modules, 'pdf-lib'), []);
    assert.notDeepEqual(verifyEngine(r.modules), []);
  });

  it('sigla verify --offline loads neither the network clients, the trusted-list update (XML signatures) nor the PDF report', () => {
    const r = loadedBy(['verify', '--offline', '--json', join(dir, 'missing.pdf')]);
    assert.notEqual(r.status, 0, r.out);
    assert.notDeepEqual(verifyEngine(r.modules), [], 'the verification engine was loaded');
    for (const pkg of ['xml-crypto', '@xmldom', 'xpath', 'fontkit']) assert.deepEqual(fromPackage(r.modules, pkg), [], pkg);
    assert.deepEqual(r.modules.filter((m) => m.includes(`${sep}electron${sep}net${sep}`)), []);
    assert.deepEqual(r.modules.filter((m) => /[\\/](reportPdf|appearanceFonts|updateTrustLists|refreshTrustLists)\.js$/.test(m)), []);
  });

  it("keeps V8's compiled code in the user's cache folder (XDG_CACHE_HOME/sigla), never in the install folder; an unusable cache folder changes nothing", () => {
    const cache = join(dir, 'cache');
    const env: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', XDG_CACHE_HOME: cache, SIGLA_DATA_DIR: join(dir, 'data') };
    delete env['NODE_DISABLE_COMPILE_CACHE'];
    delete env['NODE_COMPILE_CACHE'];
    const r = spawnSync(process.execPath, [SIGLA, '--version'], { env, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const kept = join(cache, 'sigla', 'compile-cache');
    assert.ok(existsSync(kept) && readdirSync(kept).length > 0, 'compiled code was cached');
    assert.equal(existsSync(join(REPO, 'bin', 'compile-cache')), false);
    // The cache "folder" is a file: the command still works and says nothing about it.
    writeFileSync(join(dir, 'not-a-folder'), '');
    const broken = spawnSync(process.execPath, [SIGLA, '--version'], { env: { ...env, XDG_CACHE_HOME: join(dir, 'not-a-folder') }, encoding: 'utf8' });
    assert.equal(broken.status, 0, broken.stderr);
    assert.equal(broken.stderr, '');
    assert.match(broken.stdout, /^sigla \d+\.\d+\.\d+/);
  });
});
