/**
 * `sigla browsers` (issue 17) against NSS's own tools: NSS databases made by `certutil -N` in the layouts of
 * `~/.pki/nssdb` and of a Firefox profile under a temporary HOME; registration read back with `modutil -list`;
 * a real TLS handshake with client authentication by NSS's `tstclnt` (through the registered SoftHSM2 module, the
 * token PIN in a 0600 file) against `openssl s_server -Verify 1` on loopback, whose output names the CNS
 * certificate's subject.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sigla, tool } from '../helpers/cli.js';
import { cleanup, hasSoftHsm, makeTestPki, makeTestToken, type TestPki, type TestToken } from '../helpers/testPki.js';

const hasTool = (t: string): boolean => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0;
const skip = !hasSoftHsm() ? 'SoftHSM2 not installed' : !['modutil', 'certutil', 'tstclnt', 'openssl'].every(hasTool) ? 'libnss3-tools or openssl not installed' : false;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** A tool run without blocking the event loop (the test's server must be read meanwhile), killed after 30 s. */
function runAsync(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(cmd, args, { env, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    c.stdin.end('\n');
    const timer = setTimeout(() => c.kill('SIGKILL'), 30_000);
    c.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stderr });
    });
  });
}

interface Status {
  module: string;
  databases: Array<{ browser: string; profile: string; path: string; state: string; entry?: string; action?: string }>;
  certificates: Array<{ label: string; subject: string; nickname: string; use: string }>;
}

describe('sigla browsers: the token in NSS databases (modutil, tstclnt, openssl s_server)', { skip }, () => {
  let pki: TestPki;
  let token: TestToken;
  let home: string;
  let nssdb: string;
  let profile: string;
  const servers: ChildProcess[] = [];
  const env = (): NodeJS.ProcessEnv => ({ ...token.env, HOME: home });
  const run = (args: string[]) => sigla(['browsers', ...args], { env: env() });
  const json = (args: string[]): Status => {
    const r = run([...args, '--json']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    return JSON.parse(r.stdout) as Status;
  };
  const modules = (dir: string): string => {
    const r = tool('modutil', ['-list', '-dbdir', `sql:${dir}`], env());
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const count = (text: string, s: string): number => text.split(s).length - 1;

  before(() => {
    pki = makeTestPki();
    token = makeTestToken({ label: 'CNS Test', identities: [pki.auth, pki.signer] });
    home = mkdtempSync(join(tmpdir(), 'sigla-home-'));
    nssdb = join(home, '.pki', 'nssdb');
    mkdirSync(nssdb, { recursive: true });
    const ff = join(home, '.mozilla', 'firefox');
    profile = join(ff, 'abcd1234.default-release');
    mkdirSync(profile, { recursive: true });
    writeFileSync(join(ff, 'profiles.ini'), '[Install4F96D1932A9F858E]\nDefault=abcd1234.default-release\nLocked=1\n\n[Profile0]\nName=default-release\nIsRelative=1\nPath=abcd1234.default-release\nDefault=1\n\n[General]\nStartWithLastProfile=1\nVersion=2\n');
    for (const d of [nssdb, profile]) {
      const r = tool('certutil', ['-N', '--empty-password', '-d', `sql:${d}`]);
      assert.equal(r.status, 0, r.stderr);
    }
  });
  after(() => {
    for (const s of servers) s.kill('SIGKILL');
    cleanup(pki.dir, token.dir, home);
  });

  it('status: both databases, not registered; the CNS certificate for sites, the signature one only for signing', () => {
    const s = json(['status', '--module', token.module]);
    assert.deepEqual(s.databases.map((d) => [d.browser, d.path, d.state]).sort(), [['chrome-shared', nssdb, 'not-registered'], ['firefox', profile, 'not-registered']]);
    const byLabel = new Map(s.certificates.map((c) => [c.label, c]));
    assert.equal(byLabel.get('CNS')?.use, 'authentication');
    assert.equal(byLabel.get('Firefox')?.use, undefined);
    assert.equal(byLabel.get('Firma')?.use, 'signature');
    assert.equal(byLabel.get('CNS')?.nickname, 'CNS Test:CNS');
    const text = run(['--module', token.module]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /non registrato/);
    assert.match(text.stdout, /Per l'accesso ai siti \(CNS, autenticazione\): .*\[CNS Test:CNS\]/);
    assert.match(text.stdout, /Solo per firmare, non per i siti: MARIO ROSSI \[CNS Test:Firma\]/);
  });

  it('refuses a profile held by a running Firefox, and changes nothing', () => {
    const lock = join(profile, 'lock');
    symlinkSync(`127.0.1.1:+${process.pid}`, lock);
    try {
      const r = run(['register', '--module', token.module]);
      assert.equal(r.status, 15, r.stderr);
      assert.match(r.stderr, /Firefox è aperto con il profilo «default-release»/);
      assert.match(r.stderr, /Chiudi Firefox e riprova/);
      assert.doesNotMatch(modules(nssdb), /Sigla:/, 'the shared database is not touched either');
      assert.equal(json(['--module', token.module]).databases.find((d) => d.path === profile)?.state, 'locked');
    } finally {
      rmSync(lock);
    }
    // A lock left by a Firefox that is gone (no such process) does not hold the profile.
    symlinkSync('127.0.1.1:+2147483646', lock);
    try {
      assert.equal(json(['--module', token.module]).databases.find((d) => d.path === profile)?.state, 'not-registered');
    } finally {
      rmSync(lock);
    }
  });

  it('register: modutil -list shows the module in both databases; a second register adds nothing', () => {
    const s = json(['register', '--module', token.module]);
    assert.deepEqual(s.databases.map((d) => [d.state, d.action]), [['registered-by-sigla', 'added'], ['registered-by-sigla', 'added']]);
    for (const d of [nssdb, profile]) {
      const list = modules(d);
      assert.match(list, /Sigla: libsofthsm2\.so/);
      assert.match(list, /token: CNS Test/);
    }
    const again = json(['register', '--module', token.module]);
    assert.deepEqual(again.databases.map((d) => d.action), ['unchanged', 'unchanged']);
    for (const d of [nssdb, profile]) assert.equal(count(modules(d), 'library name: /usr/lib/softhsm/libsofthsm2.so'), 1);
  });

  it('tstclnt, through the registered module and the token PIN, authenticates to openssl s_server with the CNS certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigla-tls-'));
    try {
      assert.equal(tool('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'srv.key'), '-out', join(dir, 'srv.pem'), '-subj', '/CN=localhost', '-days', '1']).status, 0);
      const pinFile = join(dir, 'pin');
      writeFileSync(pinFile, token.pin, { mode: 0o600 });
      for (const db of [profile, nssdb]) {
        const port = await freePort();
        const server = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', join(dir, 'srv.pem'), '-key', join(dir, 'srv.key'), '-CAfile', pki.chainPem, '-Verify', '1', '-naccept', '1'], { stdio: ['pipe', 'pipe', 'pipe'] });
        servers.push(server);
        let out = '';
        server.stdout.on('data', (d: Buffer) => (out += d.toString()));
        server.stderr.on('data', (d: Buffer) => (out += d.toString()));
        const ended = new Promise<void>((resolve) => server.on('close', () => resolve()));
        for (let i = 0; i < 100 && !out.includes('ACCEPT'); i++) await new Promise((r) => setTimeout(r, 50));
        assert.match(out, /ACCEPT/, out);
        const c = await runAsync('tstclnt', ['-d', `sql:${db}`, '-n', 'CNS Test:CNS', '-h', '127.0.0.1', '-p', String(port), '-W', pinFile, '-o', '-Q'], env());
        assert.equal(c.status, 0, c.stderr + out);
        server.stdin.end();
        await Promise.race([ended, new Promise((r) => setTimeout(r, 5000))]);
        // s_server prints the client certificate's subject: the CNS one (codice fiscale / card serial), never the signature one.
        assert.match(out, /subject=.*CN ?= ?RSSMRA80A01H501U\/7420000000000001/, out);
        assert.match(out, /Client certificate/, out);
        assert.doesNotMatch(out, /ROSSI MARIO/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('unregister removes what Sigla added and only that', () => {
    // The user's own entry for the same module in another database, under another name: left alone.
    const other = join(home, 'snap', 'chromium', 'current', '.pki', 'nssdb');
    mkdirSync(other, { recursive: true });
    assert.equal(tool('certutil', ['-N', '--empty-password', '-d', `sql:${other}`]).status, 0);
    assert.equal(tool('modutil', ['-dbdir', `sql:${other}`, '-add', 'My CNS', '-libfile', token.module, '-force'], env()).status, 0);
    const st = json(['--module', token.module]).databases.find((d) => d.path === other);
    assert.deepEqual([st?.browser, st?.state, st?.entry], ['chromium-snap', 'registered', 'My CNS']);
    const s = json(['unregister', '--module', token.module]);
    assert.deepEqual(s.databases.map((d) => [d.path, d.action]).sort(), [[nssdb, 'removed'], [other, 'unchanged'], [profile, 'removed']].sort());
    for (const d of [nssdb, profile]) assert.doesNotMatch(modules(d), /libsofthsm2/);
    assert.match(modules(other), /My CNS/);
    // Registering again finds the user's entry (by library, whatever its name) and does not add a second one.
    const r = json(['register', '--module', token.module]);
    assert.equal(r.databases.find((d) => d.path === other)?.action, 'unchanged');
    assert.equal(count(modules(other), 'library name:'), 1);
    json(['unregister', '--module', token.module]);
    rmSync(join(home, 'snap'), { recursive: true });
  });

  it('modutil missing: a coded error with the package to install (exit 5)', () => {
    const bare = mkdtempSync(join(tmpdir(), 'sigla-nopath-'));
    try {
      const r = sigla(['browsers', 'register', '--module', token.module], { env: { ...env(), PATH: bare } });
      assert.equal(r.status, 5, r.stderr);
      assert.match(r.stderr, /sudo apt install libnss3-tools/);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('an unknown subcommand is a usage error (exit 2)', () => {
    assert.equal(run(['frobnicate', '--module', token.module]).status, 2);
  });

  it('reads profiles.ini as Firefox does: absolute paths, legacy dbm profiles reported as unsupported', () => {
    const ff = join(home, '.mozilla', 'firefox');
    const old = mkdtempSync(join(tmpdir(), 'sigla-oldprofile-'));
    try {
      writeFileSync(join(old, 'cert8.db'), '');
      const ini = readFileSync(join(ff, 'profiles.ini'), 'utf8');
      writeFileSync(join(ff, 'profiles.ini'), `${ini}\n[Profile1]\nName=vecchio\nIsRelative=0\nPath=${old}\n`);
      const s = json(['--module', token.module]);
      const o = s.databases.find((d) => d.path === old);
      assert.deepEqual([o?.profile, o?.state], ['vecchio', 'unsupported']);
      writeFileSync(join(ff, 'profiles.ini'), ini);
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
    assert.ok(existsSync(profile));
  });
});
